import type { ReactNode } from 'react';

/**
 * NHS.UK table: https://service-manual.nhs.uk/design-system/components/table
 * `responsive`: the NHS.UK responsive table, whose rows stack on a phone with each cell under its
 * column's heading, for tables too wide for 375 px.
 */
export function Table({ caption, head, rows, responsive = false }: { caption: string; head: readonly ReactNode[]; rows: readonly (readonly ReactNode[])[]; responsive?: boolean }) {
  if (responsive) {
    return (
      <table role="table" className="nhsuk-table-responsive">
        <caption className="nhsuk-table__caption">{caption}</caption>
        <thead role="rowgroup" className="nhsuk-table__head">
          <tr role="row">
            {head.map((cell, index) => (
              <th role="columnheader" scope="col" key={index}>
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {rows.map((row, rowIndex) => (
            <tr role="row" className="nhsuk-table__row" key={rowIndex}>
              {row.map((cell, index) => (
                <td role="cell" className="nhsuk-table__cell" key={index}>
                  <span className="nhsuk-table-responsive__heading" aria-hidden="true">
                    {head[index]}{' '}
                  </span>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption">{caption}</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          {head.map((cell, index) => (
            <th className="nhsuk-table__header" scope="col" key={index}>
              {cell}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {rows.map((row, rowIndex) => (
          <tr className="nhsuk-table__row" key={rowIndex}>
            {row.map((cell, index) =>
              index === 0 ? (
                <th className="nhsuk-table__header" scope="row" key={index}>
                  {cell}
                </th>
              ) : (
                <td className="nhsuk-table__cell" key={index}>
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
