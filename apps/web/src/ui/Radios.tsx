import { Fragment, type ReactNode } from 'react';
import { ErrorMessage } from './ErrorMessage';
import { Fieldset } from './Fieldset';

export interface RadioOption {
  value: string;
  label: string;
  hint?: string;
  /** Text of an NHS.UK divider ("or") shown before this option, e.g. before "Don't know". */
  dividerBefore?: string;
}

interface Props {
  /** The group's name; the first radio's id is `id`, the others `id-2`, `id-3`… (the NHS.UK pattern, so the error summary links to the first). */
  id: string;
  legend: ReactNode;
  legendSize?: 's' | 'm' | 'l' | 'xl';
  asHeading?: boolean;
  options: readonly RadioOption[];
  value: string | undefined;
  onChange: (value: string) => void;
  hint?: string;
  error?: string;
  inline?: boolean;
}

/** NHS.UK radios: https://service-manual.nhs.uk/design-system/components/radios */
export function Radios({ id, legend, legendSize = 'm', asHeading, options, value, onChange, hint, error, inline }: Props) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <Fieldset legend={legend} size={legendSize} asHeading={asHeading} describedBy={describedBy}>
        {hint && (
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        )}
        {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
        <div className={`nhsuk-radios${inline ? ' nhsuk-radios--inline' : ''}`} data-module="nhsuk-radios">
          {options.map((option, index) => {
            const optionId = index === 0 ? id : `${id}-${index + 1}`;
            return (
              <Fragment key={option.value}>
              {option.dividerBefore && <div className="nhsuk-radios__divider">{option.dividerBefore}</div>}
              <div className="nhsuk-radios__item">
                <input className="nhsuk-radios__input" id={optionId} name={id} type="radio" value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} aria-describedby={option.hint ? `${optionId}-hint` : undefined} />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={optionId}>
                  {option.label}
                </label>
                {option.hint && (
                  <div className="nhsuk-hint nhsuk-radios__hint" id={`${optionId}-hint`}>
                    {option.hint}
                  </div>
                )}
              </div>
              </Fragment>
            );
          })}
        </div>
      </Fieldset>
    </div>
  );
}
