import type { ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage';
import { Fieldset } from './Fieldset';

interface Props {
  /** The first box's id is `id`, the others `id-2`, `id-3`… (the NHS.UK pattern, so the error summary links to the first). */
  id: string;
  legend: ReactNode;
  legendSize?: 's' | 'm' | 'l' | 'xl';
  options: readonly { value: string; label: string }[];
  values: readonly string[];
  onChange: (values: string[]) => void;
  hint?: string;
  error?: string;
}

/** NHS.UK checkboxes: https://service-manual.nhs.uk/design-system/components/checkboxes */
export function Checkboxes({ id, legend, legendSize = 's', options, values, onChange, hint, error }: Props) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <Fieldset legend={legend} size={legendSize} describedBy={describedBy}>
        {hint && (
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
        <div className="nhsuk-checkboxes" data-module="nhsuk-checkboxes">
          {options.map((option, index) => {
            const optionId = index === 0 ? id : `${id}-${index + 1}`;
            const checked = values.includes(option.value);
            return (
              <div className="nhsuk-checkboxes__item" key={option.value}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={optionId}
                  name={id}
                  type="checkbox"
                  value={option.value}
                  checked={checked}
                  onChange={() => onChange(checked ? values.filter((value) => value !== option.value) : [...values, option.value])}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={optionId}>
                  {option.label}
                </label>
              </div>
            );
          })}
        </div>
      </Fieldset>
    </div>
  );
}
