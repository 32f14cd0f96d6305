import type { TextareaHTMLAttributes } from 'react';
import { type FieldProps, FormGroup } from './FormGroup';

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & FieldProps;

/** NHS.UK textarea with its label, hint and error message: https://service-manual.nhs.uk/design-system/components/textarea */
export function Textarea({ id, label, hint, error, className, rows = 5, ...rest }: Props) {
  return (
    <FormGroup id={id} label={label} hint={hint} error={error} labelClass="nhsuk-label--s">
      {(aria) => (
        <textarea
          className={['nhsuk-textarea', error && 'nhsuk-textarea--error', className].filter(Boolean).join(' ')}
          id={id}
          name={rest.name ?? id}
          rows={rows}
          {...aria}
          {...rest}
        />
      )}
    </FormGroup>
  );
}
