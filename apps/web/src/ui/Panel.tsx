import type { ReactNode } from 'react';

/** NHS.UK panel, for a confirmation: https://service-manual.nhs.uk/design-system/components/panel */
export function Panel({ heading, children }: { heading: string; children?: ReactNode }) {
  return (
    <div className="nhsuk-panel">
      <h1 className="nhsuk-panel__heading">{heading}</h1>
      {children && <div className="nhsuk-panel__body">{children}</div>}
    </div>
  );
}
