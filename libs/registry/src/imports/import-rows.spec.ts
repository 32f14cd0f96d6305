import type { FieldProblem } from '@pp/core';
import { readCsv } from './csv-file';
import { readFileDate, readMemberRows, readOrganisationRows } from './import-rows';

function records(text: string): string[][] {
  const reading = readCsv(text);
  if (!('records' in reading)) throw new Error(reading.problem);
  return reading.records;
}

const ETR_RBL =
  '"RBL","WIRRAL UNIVERSITY TEACHING HOSPITAL NHS FOUNDATION TRUST","Y62","QYG","ARROWE PARK HOSPITAL","ARROWE PARK ROAD","UPTON","WIRRAL","MERSEYSIDE","CH49 5PE","19970401","","","","","","","0151 6785111","","","","0","","","","",""';
const ECCG_27D =
  '"27D","NHS CHESHIRE CCG","Y62","QYG","1829 BUILDING","COUNTESS OF CHESTER HEALTH PARK","LIVERPOOL ROAD","CHESTER","CHESHIRE","CH2 1HJ","20200401","20220630","","","","","","","","","","0","","","","",""';

describe('readFileDate', () => {
  it.each<[string, string | null | undefined]>([
    ['', null],
    ['2022-06-30', '2022-06-30'],
    ['20220630', '2022-06-30'],
    ['20220631', undefined],
    ['30/06/2022', undefined],
  ])('%j → %j', (cell, date) => {
    expect(readFileDate(cell)).toBe(date);
  });
});

describe('readOrganisationRows', () => {
  it('reads a headerless ODS trust file by position, the type given by the caller', () => {
    const { rows, problems } = readOrganisationRows(records(`${ETR_RBL}\n`), 'acute_trust');
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        row: 1,
        code: 'RBL',
        codeSystem: 'ods',
        name: 'WIRRAL UNIVERSITY TEACHING HOSPITAL NHS FOUNDATION TRUST',
        type: 'acute_trust',
        openedOn: '1997-04-01',
        closedOn: null,
      },
    ]);
  });

  it('infers CCGs and ICBs from their codes in a headerless ODS file', () => {
    const { rows, problems } = readOrganisationRows(records(`${ECCG_27D}\nQYG,NHS CHESHIRE AND MERSEYSIDE ICB\n`));
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.code, r.type, r.closedOn])).toEqual([
      ['27D', 'ccg', '2022-06-30'],
      ['QYG', 'icb', null],
    ]);
  });

  it('reads an ODS file with its header row, ignoring the columns it does not need', () => {
    const text =
      'Organisation Code,Name,National Grouping,High Level Health Geography,Address Line 1,Postcode,Open Date,Close Date\n' +
      'REM,LIVERPOOL UNIVERSITY HOSPITALS NHS FOUNDATION TRUST,Y62,QYG,PRESCOT STREET,L7 8XP,20191001,\n';
    const { rows, problems } = readOrganisationRows(records(text), 'acute_trust');
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ code: 'REM', openedOn: '2019-10-01', closedOn: null });
  });

  it('reads our council layout', () => {
    const text = 'code,name,organisation_type\ne06000049,Cheshire East Council,unitary_authority\nE08000012,Liverpool City Council,metropolitan_borough\n';
    const { rows, problems } = readOrganisationRows(records(text));
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.code, r.codeSystem, r.type])).toEqual([
      ['E06000049', 'ons', 'unitary_authority'],
      ['E08000012', 'ons', 'metropolitan_borough'],
    ]);
  });

  it('leaves out the dates a file has no column for, so an import does not erase them', () => {
    const { rows } = readOrganisationRows(records('code,name,organisation_type,close_date\nRBL,Wirral,acute_trust,\n'));
    expect(rows[0]).not.toHaveProperty('openedOn');
    expect(rows[0]).toHaveProperty('closedOn', null);
  });

  it.each<[string, string, FieldProblem[]]>([
    ['a trust without a type', 'RBL,Wirral', [{ row: 1, field: 'organisation_type', problem: expect.stringContaining('is required') }]],
    ['an unknown type', 'code,name,organisation_type\nRBL,Wirral,hospital', [{ row: 1, field: 'organisation_type', problem: expect.stringContaining('must be one of') }]],
    ['a council code on a trust', 'code,name,organisation_type\nE06000049,Wirral,acute_trust', [{ row: 1, field: 'code', problem: expect.stringContaining('ODS trust code') }]],
    ['a wrong code system', 'code,name,organisation_type,code_system\nRBL,Wirral,acute_trust,ons', [{ row: 1, field: 'code_system', problem: 'must be ods for type acute_trust' }]],
    ['an unknown code system', 'code,name,organisation_type,code_system\nRBL,Wirral,acute_trust,gmc', [{ row: 1, field: 'code_system', problem: 'must be one of ods, ons' }]],
    ['a missing name', 'code,name,organisation_type\nRBL,,acute_trust', [{ row: 1, field: 'name', problem: 'is required' }]],
    ['a long name', `code,name,organisation_type\nRBL,${'x'.repeat(201)},acute_trust`, [{ row: 1, field: 'name', problem: 'must be at most 200 characters' }]],
    ['a long code', 'code,name,organisation_type\nRBL1234567,Wirral,acute_trust', [{ row: 1, field: 'code', problem: 'must be at most 9 characters' }]],
    ['a bad date', 'code,name,organisation_type,open_date\nRBL,Wirral,acute_trust,1997-02-30', [{ row: 1, field: 'open_date', problem: expect.stringContaining('must be a date') }]],
    ['closing before opening', 'code,name,organisation_type,open_date,close_date\n27D,Cheshire,ccg,2020-04-01,2019-01-01', [{ row: 1, field: 'close_date', problem: 'must not be before the opening date (2020-04-01)' }]],
    ['a repeated code', 'code,name,organisation_type\nRBL,Wirral,acute_trust\nrbl,Wirral,acute_trust', [{ row: 2, field: 'code', problem: 'appears again (first on row 1)' }]],
    ['a header without name', 'code,organisation_type\nRBL,acute_trust', [{ field: 'name', problem: 'column is missing from the header row' }]],
  ])('reports %s', (_case, text, problems) => {
    expect(readOrganisationRows(records(text)).problems).toEqual(problems);
  });

  it('reports every bad row, counting rows after the header', () => {
    const text = 'code,name,organisation_type\nRBL,Wirral,acute_trust\nXX,Bad,acute_trust\nE06000049,,unitary_authority\n';
    const { rows, problems } = readOrganisationRows(records(text));
    expect(rows.map((r) => r.code)).toEqual(['RBL']);
    expect(problems.map((p) => [p.row, p.field])).toEqual([
      [2, 'code'],
      [3, 'name'],
    ]);
  });
});

describe('readMemberRows', () => {
  const header = 'code,code_system,name,organisation_type,member_from,member_to\n';

  it('reads members with their periods', () => {
    const text = `${header}27D,ods,NHS CHESHIRE CCG,ccg,2020-04-01,2022-06-30\nQYG,ods,NHS CHESHIRE AND MERSEYSIDE INTEGRATED CARE BOARD,icb,2022-07-01,\n`;
    const { rows, problems } = readMemberRows(records(text));
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.row, r.code, r.memberFrom, r.memberTo])).toEqual([
      [1, '27D', '2020-04-01', '2022-06-30'],
      [2, 'QYG', '2022-07-01', null],
    ]);
  });

  it('accepts separate periods of one organisation', () => {
    const text = `${header}RBL,ods,WIRRAL,acute_trust,2016-04-01,2018-03-31\nRBL,ods,WIRRAL,acute_trust,2019-04-01,\n`;
    expect(readMemberRows(records(text)).rows).toHaveLength(2);
  });

  it.each<[string, string, FieldProblem[]]>([
    ['a missing start', 'RBL,ods,WIRRAL,acute_trust,,', [{ row: 1, field: 'member_from', problem: 'is required' }]],
    ['a bad start', 'RBL,ods,WIRRAL,acute_trust,2016-4-1,', [{ row: 1, field: 'member_from', problem: expect.stringContaining('must be a date') }]],
    ['an end before the start', 'RBL,ods,WIRRAL,acute_trust,2016-04-01,2015-03-31', [{ row: 1, field: 'member_to', problem: 'must not be before member_from (2016-04-01)' }]],
    [
      'overlapping periods',
      'RBL,ods,WIRRAL,acute_trust,2016-04-01,\nRBL,ods,WIRRAL,acute_trust,2019-04-01,',
      [{ row: 2, field: 'member_from', problem: 'overlaps the period from 2016-04-01 on row 1' }],
    ],
    [
      'rows that disagree',
      'RBL,ods,WIRRAL,acute_trust,2016-04-01,2017-03-31\nRBL,ods,WIRRAL,community_trust,2019-04-01,',
      [{ row: 2, field: 'organisation_type', problem: 'differs from row 1 for the same code' }],
    ],
  ])('reports %s', (_case, body, problems) => {
    expect(readMemberRows(records(header + body)).problems).toEqual(problems);
  });

  it('needs a header row', () => {
    expect(readMemberRows(records('RBL,ods,WIRRAL,acute_trust,2016-04-01,\n')).problems[0]?.problem).toContain('header row');
  });

  it('needs a member_from column', () => {
    expect(readMemberRows(records('code,name,organisation_type\nRBL,WIRRAL,acute_trust\n')).problems).toEqual([
      { field: 'member_from', problem: 'column is missing from the header row' },
    ]);
  });
});
