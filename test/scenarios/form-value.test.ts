import { describe, expect, it } from 'vitest';
import { formValue, parseBody } from '../../src/scenarios/request-view.js';

// The Sectigo login a scenario rule is narrowed by is read without parsing the whole form; it must
// read exactly what the full parse reads.
const bodies = [
  'loginName=a&x=1',
  'x=1&loginName=b',
  'loginName=a+b%20c&loginName=z',
  'login%4Eame=encoded-name',
  'loginName',
  'loginName=',
  '&&loginName=q&',
  '{"loginName":"j"}',
  'loginName=%zz',
  'a=1&loginName=%E2%82%AC',
  'x',
  '',
  'loginName=a=b',
  '=v&loginName=w',
  'LOGINNAME=upper&loginName=lower',
];
const contentTypes = ['application/x-www-form-urlencoded', '', 'text/plain', 'application/json', 'multipart/form-data'];

describe('formValue', () => {
  it('reads a field as parseBody does, for every body and content type', () => {
    for (const contentType of contentTypes) {
      for (const text of bodies) {
        const parsed = parseBody(text, contentType);
        const expected = parsed.kind === 'form' ? parsed.value.loginName : undefined;
        expect(formValue(text, contentType, 'loginName'), `${contentType} ${text}`).toBe(expected);
      }
    }
  });

  it('finds encoded names and values, and the first of repeated ones', () => {
    expect(formValue('login%4Eame=n%C3%BC&loginName=later', 'application/x-www-form-urlencoded', 'loginName')).toBe('nü');
    expect(formValue('loginName=a+b', '', 'loginName')).toBe('a b');
  });
});
