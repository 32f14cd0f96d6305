import type { ReactNode } from 'react';

type LegendSize = 's' | 'm' | 'l' | 'xl';

/** NHS.UK fieldset: a legend over related inputs; `asHeading` makes the legend the page's h1. */
export function Fieldset({ legend, size = 'm', asHeading = false, describedBy, children }: { legend: ReactNode; size?: LegendSize; asHeading?: boolean; describedBy?: string; children: ReactNode }) {
  return (
    <fieldset className="nhsuk-fieldset" aria-describedby={describedBy}>
      <legend className={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${size}`}>{asHeading ? <h1 className="nhsuk-fieldset__heading">{legend}</h1> : legend}</legend>
      {children}
    </fieldset>
  );
}
