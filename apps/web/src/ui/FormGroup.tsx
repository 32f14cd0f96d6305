import type { ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage';

export interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
}

/** What a field's own element carries so assistive technology reads its hint and error with it. */
export interface FieldAria {
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
}

/**
 * The NHS.UK form group every single field sits in: label, hint, error message (announced with the
 * field through aria-describedby) and the red error border on the group.
 * https://service-manual.nhs.uk/design-system/components/error-message
 */
export function FormGroup({ id, label, hint, error, labelClass, children }: FieldProps & { labelClass?: string; children: (aria: FieldAria) => ReactNode }) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className={['nhsuk-label', labelClass].filter(Boolean).join(' ')} htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      {children({ 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
    </div>
  );
}
