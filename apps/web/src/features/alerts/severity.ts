/** An alert's severity as an NHS.UK tag colour: grey for info, orange for a warning, red when critical. */
export const SEVERITY_TAGS = { info: 'nhsuk-tag--grey', warning: 'nhsuk-tag--orange', critical: 'nhsuk-tag--red' } as const;
