import type { ReactNode } from 'react';

/** NHS.UK table: https://service-manual.nhs.uk/design-system/components/table */
export function Table({ caption, head, rows }: { caption: string; head: readonly ReactNode[]; rows: readonly (readonly ReactNode[])[] }) {
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
