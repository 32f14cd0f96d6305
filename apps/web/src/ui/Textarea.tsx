import type { TextareaHTMLAttributes } from 'react';
import { ErrorMessage } from './ErrorMessage';

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & {
  id: string;
  label: string;
  hint?: string;
  error?: string;
};

/** NHS.UK textarea with its label, hint and error message: https://service-manual.nhs.uk/design-system/components/textarea */
export function Textarea({ id, label, hint, error, className, rows = 5, ...rest }: Props) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label nhsuk-label--s" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      <textarea
        className={['nhsuk-textarea', error && 'nhsuk-textarea--error', className].filter(Boolean).join(' ')}
        id={id}
        name={rest.name ?? id}
        rows={rows}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        {...rest}
      />
    </div>
  );
}
