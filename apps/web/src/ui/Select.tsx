import type { SelectHTMLAttributes } from 'react';
import { type FieldProps, FormGroup } from './FormGroup';

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> &
  FieldProps & {
    options: readonly { value: string; label: string }[];
  };

/** NHS.UK select with its label, hint and error message: https://service-manual.nhs.uk/design-system/components/select */
export function Select({ id, label, hint, error, options, className, ...rest }: Props) {
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      {(aria) => (
        <select className={['nhsuk-select', error && 'nhsuk-select--error', className].filter(Boolean).join(' ')} id={id} name={rest.name ?? id} {...aria} {...rest}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FormGroup>
  );
}
