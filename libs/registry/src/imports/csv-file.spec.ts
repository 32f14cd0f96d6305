import { readCsv } from './csv-file';

describe('readCsv', () => {
  it.each<[string, string[][]]>([
    ['code,name\nRBL,Wirral\n', [['code', 'name'], ['RBL', 'Wirral']]],
    ['\uFEFFcode,name\r\nRBL,Wirral\r\n', [['code', 'name'], ['RBL', 'Wirral']]],
    ['code,name\n"REP","LIVERPOOL WOMEN\'S, NHS"\n', [['code', 'name'], ['REP', "LIVERPOOL WOMEN'S, NHS"]]],
    ['code,name,member_to\nRBL,Wirral\n\n,,\n', [['code', 'name', 'member_to'], ['RBL', 'Wirral']]],
    [' code , name \n RBL , Wirral \n', [['code', 'name'], ['RBL', 'Wirral']]],
  ])('reads %j', (text, records) => {
    expect(readCsv(text)).toEqual({ records });
  });

  it.each([
    ['code,name\nRBL,Wirral,extra\n', 'Invalid Record Length'],
    ['code,name\n"RBL,Wirral\n', 'Quote Not Closed'],
  ])('reports %j', (text, problem) => {
    const reading = readCsv(text);
    expect('problem' in reading && reading.problem).toContain(problem);
  });
});
