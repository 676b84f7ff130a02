import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { fixedStatement } from './fixed-statement';

const dialect = new PgDialect();

describe('fixedStatement', () => {
  const build = (p: { a: unknown; b: unknown }) =>
    sql`with x as (select ${p.a}::jsonb as j) select j, ${p.b}::uuid, ${p.a}::text from x`;
  const fixed = fixedStatement(['a', 'b'], (p) => build(p));

  it('renders the same text and parameters as building the statement each time', () => {
    for (const values of [
      { a: '{"k":1}', b: '00000000-0000-0000-0000-000000000001' },
      { a: '[]', b: null },
    ]) {
      expect(dialect.sqlToQuery(fixed(values))).toEqual(dialect.sqlToQuery(build(values)));
    }
    expect(dialect.sqlToQuery(fixed({ a: 'x', b: 'y' })).params).toEqual(['x', 'y', 'x']);
  });

  it('refuses a statement that inlines a value instead of taking it as a parameter', () => {
    expect(() => fixedStatement(['a'], (p) => sql`select ${p.a}, ${42}`)).toThrow(/inlined/);
  });
});
