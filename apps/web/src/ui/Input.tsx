import type { InputHTMLAttributes } from 'react';
import { ErrorMessage } from './ErrorMessage';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  /** nhsuk-u-width-* or nhsuk-input--width-* classes. */
  width?: string;
};

/** NHS.UK text input with its label, hint and error message: https://service-manual.nhs.uk/design-system/components/text-input */
export function Input({ id, label, hint, error, width, className, ...rest }: Props) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      <input
        className={['nhsuk-input', error && 'nhsuk-input--error', width, className].filter(Boolean).join(' ')}
        id={id}
        name={rest.name ?? id}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        {...rest}
      />
    </div>
  );
}
