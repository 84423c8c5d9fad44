import { describe, expect, test } from 'vitest';
import { addressesFromCsv, parseCsv, splitAddresses } from '../../web/src/invitations/addresses.ts';
import { splitAddressList } from '../../src/domain/email.ts';

// Issue 7, item 5: what the invite dialog takes from a paste or a CSV file, in the browser.
describe('addresses pasted or loaded from CSV', () => {
  test('a paste splits on new lines, commas and semicolons, as the API splits a string', () => {
    const pasted = ' ada@x.test, grace@x.test;alan@x.test\r\n\n  bad address ;;';
    expect(splitAddresses(pasted)).toEqual(['ada@x.test', 'grace@x.test', 'alan@x.test', 'bad address']);
    expect(splitAddresses(pasted)).toEqual(splitAddressList(pasted));
  });

  test('CSV cells: quotes, doubled quotes, CRLF, and semicolon or tab separators', () => {
    expect(parseCsv('name,email\r\n"Lovelace, Ada",ada@x.test\r\n"Say ""hi""",hi@x.test\n')).toEqual([
      ['name', 'email'],
      ['Lovelace, Ada', 'ada@x.test'],
      ['Say "hi"', 'hi@x.test'],
    ]);
    expect(parseCsv('name;email\nAda;ada@x.test')).toEqual([['name', 'email'], ['Ada', 'ada@x.test']]);
    expect(parseCsv('name\temail\nAda\tada@x.test')).toEqual([['name', 'email'], ['Ada', 'ada@x.test']]);
  });

  test('the column named email is taken whole (malformed cells too, to be pointed out); without one, cells that look like addresses', () => {
    const withHeader = '\uFEFFName,E-mail,Manager\nAda,ada@x.test,grace@x.test\nBroken,not-an-address,\n,,\n';
    expect(addressesFromCsv(withHeader)).toEqual(['ada@x.test', 'not-an-address']);
    expect(addressesFromCsv('Email Address\nada@x.test')).toEqual(['ada@x.test']);
    const noHeader = 'Ada Lovelace,ada@x.test,London\nGrace Hopper,grace@x.test,NYC\nnotes,see @ later,';
    expect(addressesFromCsv(noHeader)).toEqual(['ada@x.test', 'grace@x.test']);
  });
});
