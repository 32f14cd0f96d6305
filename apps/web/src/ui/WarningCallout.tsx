import type { ReactNode } from 'react';

/** NHS.UK warning callout (a warning card in nhsuk-frontend 10): https://service-manual.nhs.uk/design-system/components/warning-callout */
export function WarningCallout({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <div className="nhsuk-card nhsuk-card--warning">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading">{heading}</h2>
        <div className="nhsuk-card__description">{children}</div>
      </div>
    </div>
  );
}
