import { expect } from 'chai';
import { euros, toCsv } from '../../server/platform/csv';

// The one CSV writer every export uses (reports, budget): formulas neutralised, numbers kept numbers.
describe('CSV for spreadsheets', () => {
  const body = (csv: string) => csv.slice(1).split('\r\n').slice(1, -1);

  it('neutralises a text cell starting with =, +, -, @, tab or carriage return, and quotes it', () => {
    const cells = ['=1+1', '+33 6 00 00 00 00', '-cmd', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://example.test";"x")'];
    expect(body(toCsv(['a'], cells.map((c) => [c]), 'semicolon'))).to.deep.equal([
      `"'=1+1"`, `"'+33 6 00 00 00 00"`, `"'-cmd"`, `"'@SUM(A1)"`, `"'\tx"`, `"'\rx"`, `"'=HYPERLINK(""http://example.test"";""x"")"`,
    ]);
  });

  it('leaves ordinary text, numbers and negative numbers as they are', () => {
    expect(body(toCsv(['a', 'b', 'c'], [['PASS Lyon', -12.5, 3], ['a-b', 0, -1]], 'comma'))).to.deep.equal(['PASS Lyon,-12.5,3', 'a-b,0,-1']);
    expect(body(toCsv(['a', 'b'], [['x', -12.5]], 'semicolon'))).to.deep.equal(['x;-12,5']);
  });

  it('writes amounts in euros with two decimals, negative ones unneutralised, the decimal comma in a French file', () => {
    const rows = [[euros(1500)], [euros(-1500)], [euros(3750)], [euros(0)], [euros(1)]];
    expect(body(toCsv(['eur'], rows, 'semicolon'))).to.deep.equal(['15,00', '-15,00', '37,50', '0,00', '0,01']);
    expect(body(toCsv(['eur'], rows, 'comma'))).to.deep.equal(['15.00', '-15.00', '37.50', '0.00', '0.01']);
  });

  it('starts with a byte-order mark and ends lines with CRLF', () => {
    expect(toCsv(['a'], [['b']])).to.equal('\uFEFFa\r\nb\r\n');
  });
});
