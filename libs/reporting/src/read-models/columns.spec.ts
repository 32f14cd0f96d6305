import { InvalidInputError } from '@pp/core';
import { chooseColumns, type Column, pick } from './columns';
import { SCORES } from './score.read-models';
import { DRIVERS } from './driver.read-model';

const names = (columns: readonly Column[], indexes: readonly number[] | undefined) => indexes?.map((i) => columns[i]!.name);

describe('chooseColumns: a BI answer cut to the columns asked for', () => {
  it('keeps every column when none is chosen', () => {
    expect(chooseColumns(SCORES.columns, undefined)).toBeUndefined();
  });

  it("gives the chosen columns in the read model's order, whatever the order asked, each once", () => {
    const chosen = chooseColumns(SCORES.columns, ['mean', 'organisation_id', 'mean', 'partner_organisation_id']);
    expect(names(SCORES.columns, chosen)).toEqual(['organisation_id', 'partner_organisation_id', 'suppressed', 'mean']);
  });

  it("always adds the columns the gate marks, so a withheld value never reads as missing", () => {
    expect(names(SCORES.columns, chooseColumns(SCORES.columns, ['subject']))).toEqual(['subject', 'suppressed']);
    expect(names(DRIVERS.columns, chooseColumns(DRIVERS.columns, ['driver', 'relative_weight']))).toEqual(['driver', 'correlation_suppressed', 'importance_suppressed', 'relative_weight']);
  });

  it('refuses an unknown column with a 400 naming the field and the column', () => {
    let error: unknown;
    try {
      chooseColumns(SCORES.columns, ['mean', 'respondent_id', 'Mean']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    const { status, message, errors } = error as InvalidInputError;
    expect(status).toBe(400);
    expect(message).toMatch(/^columns has unknown columns respondent_id, Mean; this endpoint's columns are footprint_code, /);
    expect(errors).toEqual([{ field: 'columns', problem: expect.stringContaining('respondent_id, Mean') }]);
  });

  it('cuts a row to the chosen positions', () => {
    expect(pick(['a', null, 'c', 'd'], [0, 2, 3])).toEqual(['a', 'c', 'd']);
    expect(pick(['a', 'b'], [1])).toEqual(['b']);
  });
});
