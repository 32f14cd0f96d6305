import type { InputHTMLAttributes } from 'react';
import { type FieldProps, FormGroup } from './FormGroup';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> &
  FieldProps & {
    /** nhsuk-u-width-* or nhsuk-input--width-* classes. */
    width?: string;
  };

/** NHS.UK text input with its label, hint and error message: https://service-manual.nhs.uk/design-system/components/text-input */
export function Input({ id, label, hint, error, width, className, ...rest }: Props) {
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      {(aria) => (
        <input
          className={['nhsuk-input', error && 'nhsuk-input--error', width, className].filter(Boolean).join(' ')}
          id={id}
          name={rest.name ?? id}
          {...aria}
          {...rest}
        />
      )}
    </FormGroup>
  );
}
