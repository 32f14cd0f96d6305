import { useEffect, useRef } from 'react';
import { useT } from '../i18n/i18n';

export interface FieldError {
  /** The id of the field the link moves focus to. */
  field: string;
  message: string;
}

/**
 * NHS.UK error summary: takes focus when it appears so the errors are announced, and links each
 * error to its field. https://service-manual.nhs.uk/design-system/components/error-summary
 */
export function ErrorSummary({ errors }: { errors: readonly FieldError[] }) {
  const { t } = useT();
  const ref = useRef<HTMLDivElement>(null);
  const signature = errors.map((e) => `${e.field}:${e.message}`).join('|');
  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature]);
  if (!errors.length) return null;
  return (
    <div className="nhsuk-error-summary" data-module="nhsuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__heading">{t('errorSummary.title')}</h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {errors.map((error) => (
              <li key={`${error.field}:${error.message}`}>
                <a
                  href={`#${error.field}`}
                  onClick={(event) => {
                    event.preventDefault();
                    document.getElementById(error.field)?.focus();
                  }}
                >
                  {error.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
