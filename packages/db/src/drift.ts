// Drift detection: does the migrated database match a domain's Prisma schema?
//
// The model structure comes from Prisma itself: we run `prisma generate` offline on a copy of the
// schema whose generators are replaced by a tiny generator that writes the DMMF (Prisma's parsed
// data model) to a file. Unsupported("…") fields are not in the DMMF, so they are read from the
// schema text. The database side comes from pg_catalog. compareSchema() is a pure function.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { postgresChildEnv } from './env.js';

// ---------------------------------------------------------------------------------------------
// Prisma side

/** The parts of Prisma's DMMF datamodel the comparison reads. */
export interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  hasDefaultValue: boolean;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
export interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
export interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string; sortOrder?: 'asc' | 'desc'; operatorClass?: string }[];
}
export interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName?: string | null }[];
}
export interface Datamodel {
  models: DmmfModel[];
  enums: DmmfEnum[];
  indexes: DmmfIndex[];
}

// A Prisma generator speaking the JSON-RPC protocol (requests on stdin, answers on stderr) that
// writes the datamodel to the generator's output path.
const DUMP_GENERATOR = `import { createInterface } from 'node:readline';
import { writeFileSync } from 'node:fs';
const answer = (id, result) => process.stderr.write(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  const message = JSON.parse(line);
  if (message.method === 'getManifest') answer(message.id, { manifest: { prettyName: 'DMMF dump', requiresEngines: [] } });
  if (message.method === 'generate') {
    writeFileSync(message.params.generator.output.value, JSON.stringify(message.params.dmmf.datamodel));
    answer(message.id, null);
  }
});
`;

/** Parse a .prisma file with Prisma's own parser (offline) and add its Unsupported fields. */
export async function loadDatamodel(schemaPath: string): Promise<Datamodel> {
  const source = readFileSync(schemaPath, 'utf8');
  const work = mkdtempSync(join(tmpdir(), 'omnicart-dmmf-'));
  try {
    const generatorPath = join(work, 'dump-generator.mjs');
    const outputPath = join(work, 'datamodel.json');
    writeFileSync(generatorPath, DUMP_GENERATOR);
    const withoutGenerators = source.replace(/^\s*generator\s+\w+\s*\{[^}]*\}/gm, '');
    const generator = `generator dump {\n  provider = "node ${generatorPath}"\n  output   = "${outputPath}"\n}\n`;
    writeFileSync(join(work, 'schema.prisma'), generator + withoutGenerators);
    const cli = createRequire(import.meta.url).resolve('prisma/build/index.js');
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [cli, 'generate', '--schema', join(work, 'schema.prisma')], {
        cwd: work,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...postgresChildEnv(), PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`prisma could not read ${schemaPath}:\n${output}`))));
    });
    const datamodel = JSON.parse(readFileSync(outputPath, 'utf8')) as Datamodel;
    addUnsupportedFields(datamodel, source);
    return datamodel;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Unsupported("type") fields are missing from the DMMF; read them from the model blocks. */
export function addUnsupportedFields(datamodel: Datamodel, source: string): void {
  for (const block of source.matchAll(/^\s*model\s+(\w+)\s*\{([\s\S]*?)^\s*\}/gm)) {
    const model = datamodel.models.find((candidate) => candidate.name === block[1]);
    if (!model) continue;
    for (const line of (block[2] ?? '').split('\n')) {
      const match = /^\s*(\w+)\s+Unsupported\("([^"]+)"\)(\[\])?(\?)?(.*)$/.exec(line);
      if (!match) continue;
      const mapped = /@map\("([^"]+)"\)/.exec(match[5] ?? '');
      model.fields.push({
        name: match[1] ?? '',
        dbName: mapped?.[1] ?? null,
        kind: 'unsupported',
        type: match[2] ?? '',
        isList: Boolean(match[3]),
        isRequired: !match[4],
        nativeType: null,
        hasDefaultValue: /@default\(/.test(match[5] ?? ''),
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Database side

export interface ActualColumn {
  table: string;
  name: string;
  /** format_type(): e.g. `timestamp(3) with time zone`, `character varying(320)`, `text[]`. */
  formatted: string;
  notNull: boolean;
  /** A DEFAULT or identity (generated columns excluded). */
  hasDefault: boolean;
  /** The type's (or, for arrays, the element type's) name and kind: `e` = enum. */
  typeName: string;
  typeKind: string;
  isArray: boolean;
}
export interface ActualIndex {
  table: string;
  name: string;
  columns: (string | null)[];
  operatorClasses: string[];
  unique: boolean;
  primary: boolean;
  method: string;
}
export interface ActualForeignKey {
  table: string;
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
}
export interface ActualSchema {
  tables: string[];
  columns: ActualColumn[];
  indexes: ActualIndex[];
  foreignKeys: ActualForeignKey[];
  enums: { name: string; values: string[] }[];
}

/**
 * Read tables, columns, indexes, foreign keys and enums of one PostgreSQL schema. Partitions of a
 * partitioned table (e.g. analytics.behaviour_events_202612) are not tables of their own: only the
 * partitioned parent is compared with its model (its indexes are the parent's).
 */
export async function introspectSchema(pool: pg.Pool | pg.ClientBase, schema: string): Promise<ActualSchema> {
  const tables = await pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
    [schema],
  );
  const columns = await pool.query<ActualColumn>(
    `SELECT c.relname AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS formatted,
            a.attnotnull AS "notNull",
            ((d.adbin IS NOT NULL AND a.attgenerated = '') OR a.attidentity <> '') AS "hasDefault",
            COALESCE(et.typname, t.typname) AS "typeName", COALESCE(et.typtype, t.typtype)::text AS "typeKind",
            (t.typcategory = 'A') AS "isArray"
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_type et ON t.typcategory = 'A' AND et.oid = t.typelem
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
    [schema],
  );
  const indexes = await pool.query<ActualIndex>(
    `SELECT t.relname AS "table", i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary, am.amname AS method,
            ARRAY(SELECT a.attname::text FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum > 0
                   WHERE k.ord <= ix.indnkeyatts ORDER BY k.ord) AS columns,
            ARRAY(SELECT o.opcname::text FROM unnest(ix.indclass::oid[]) WITH ORDINALITY k(opc, ord)
                    JOIN pg_opclass o ON o.oid = k.opc ORDER BY k.ord) AS "operatorClasses"
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_am am ON am.oid = i.relam
      WHERE n.nspname = $1
      ORDER BY t.relname, i.relname`,
    [schema],
  );
  const foreignKeys = await pool.query<ActualForeignKey>(
    `SELECT t.relname AS "table", con.conname AS name, rt.relname AS "referencedTable", con.confdeltype::text AS "onDelete",
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS "referencedColumns"
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_class rt ON rt.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND con.contype = 'f'`,
    [schema],
  );
  const enums = await pool.query<{ name: string; values: string[] }>(
    `SELECT t.typname AS name, ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS values
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 AND t.typtype = 'e' ORDER BY 1`,
    [schema],
  );
  return {
    tables: tables.rows.map((row) => row.name),
    columns: columns.rows,
    indexes: indexes.rows,
    foreignKeys: foreignKeys.rows,
    enums: enums.rows,
  };
}

// ---------------------------------------------------------------------------------------------
// Comparison

/** Tables a schema may hold without a model. */
const BOOKKEEPING_TABLES = new Set(['_prisma_migrations']);
/** Client-side default functions: Prisma generates the value, the column has no DB default. */
const CLIENT_DEFAULTS = new Set(['uuid', 'cuid', 'nanoid', 'ulid']);
const MAX_IDENTIFIER = 63;
const ON_DELETE: Record<string, string> = { Cascade: 'c', Restrict: 'r', NoAction: 'a', SetNull: 'n', SetDefault: 'd' };

/** Prisma's default constraint/index names: `<table>_<columns>_<suffix>`, cut to 63 characters. */
export function prismaDefaultName(table: string, columns: string[], suffix: 'pkey' | 'key' | 'idx' | 'fkey'): string {
  const base = suffix === 'pkey' ? table : `${table}_${columns.join('_')}`;
  const room = MAX_IDENTIFIER - suffix.length - 1;
  return `${base.length > room ? base.slice(0, room) : base}_${suffix}`;
}

function withPrecision(base: string, args: string[], zone: string, defaultPrecision?: string): string[] {
  const precision = args[0] ?? defaultPrecision;
  const variants = [`${base}${precision !== undefined ? `(${precision})` : ''} ${zone}`];
  if (precision === undefined || precision === '6') variants.push(`${base} ${zone}`, `${base}(6) ${zone}`);
  return variants;
}

/** Acceptable format_type() spellings for a scalar field (without the `[]` of lists). */
export function expectedTypes(field: DmmfField): string[] {
  const [native, args = []] = field.nativeType ?? [undefined, []];
  if (field.kind === 'unsupported') {
    const aliases: Record<string, string> = { int4: 'integer', int8: 'bigint', int2: 'smallint', bool: 'boolean', float8: 'double precision' };
    const written = field.type.trim().toLowerCase();
    return [aliases[written] ?? written];
  }
  switch (field.type) {
    case 'String':
      switch (native) {
        case undefined:
        case 'Text':
          return ['text'];
        case 'VarChar':
          return [args.length ? `character varying(${args[0]})` : 'character varying'];
        case 'Char':
          return [`character(${args[0] ?? '1'})`];
        case 'Uuid':
          return ['uuid'];
        case 'Bit':
          return [`bit(${args[0] ?? '1'})`];
        case 'VarBit':
          return [args.length ? `bit varying(${args[0]})` : 'bit varying'];
        default:
          return [native.toLowerCase()]; // Citext, Inet, Xml
      }
    case 'Boolean':
      return ['boolean'];
    case 'Int':
      return [native === 'SmallInt' ? 'smallint' : native === 'Oid' ? 'oid' : 'integer'];
    case 'BigInt':
      return ['bigint'];
    case 'Float':
      return [native === 'Real' ? 'real' : 'double precision'];
    case 'Decimal':
      if (native === 'Money') return ['money'];
      return [args.length ? `numeric(${args.join(',')})` : 'numeric(65,30)'];
    case 'DateTime':
      switch (native) {
        case undefined:
          return ['timestamp(3) without time zone'];
        case 'Timestamp':
          return withPrecision('timestamp', args, 'without time zone');
        case 'Timestamptz':
          return withPrecision('timestamp', args, 'with time zone');
        case 'Time':
          return withPrecision('time', args, 'without time zone');
        case 'Timetz':
          return withPrecision('time', args, 'with time zone');
        case 'Date':
          return ['date'];
        default:
          return [native.toLowerCase()];
      }
    case 'Json':
      return [native === 'Json' ? 'json' : 'jsonb'];
    case 'Bytes':
      return ['bytea'];
    default:
      return [field.type.toLowerCase()];
  }
}

function expectsDatabaseDefault(field: DmmfField): boolean {
  if (!field.hasDefaultValue || field.default === undefined) return false;
  const value = field.default as { name?: unknown } | null;
  return !(value && typeof value === 'object' && typeof value.name === 'string' && CLIENT_DEFAULTS.has(value.name));
}

/** Prisma operator class names (`JsonbPathOps`) in PostgreSQL spelling (`jsonb_path_ops`). */
function operatorClassName(name: string): string {
  return /^[A-Z]/.test(name) ? name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase() : name;
}

/**
 * Every difference between the Prisma datamodel and the database, as readable sentences.
 * An empty list means the schema and the database agree.
 */
export function compareSchema(datamodel: Datamodel, actual: ActualSchema): string[] {
  const issues: string[] = [];
  const tableOf = new Map(datamodel.models.map((model) => [model.name, model.dbName ?? model.name]));
  const columnOf = (model: DmmfModel, fieldName: string): string => {
    const field = model.fields.find((candidate) => candidate.name === fieldName);
    return field?.dbName ?? fieldName;
  };

  // Enums: same type names and the same labels in the same order.
  const enumDbName = new Map(datamodel.enums.map((item) => [item.name, item.dbName ?? item.name]));
  for (const item of datamodel.enums) {
    const name = item.dbName ?? item.name;
    const found = actual.enums.find((candidate) => candidate.name === name);
    const labels = item.values.map((value) => value.dbName ?? value.name);
    if (!found) issues.push(`enum ${item.name}: type "${name}" is missing`);
    else if (found.values.join(',') !== labels.join(','))
      issues.push(`enum ${item.name}: labels are [${found.values.join(', ')}], the schema says [${labels.join(', ')}]`);
  }
  for (const found of actual.enums) {
    if (![...enumDbName.values()].includes(found.name)) issues.push(`enum type "${found.name}" exists in the database but not in the schema`);
  }

  // Tables and columns.
  for (const model of datamodel.models) {
    const table = tableOf.get(model.name) ?? model.name;
    if (!actual.tables.includes(table)) {
      issues.push(`model ${model.name}: table "${table}" is missing`);
      continue;
    }
    const columns = actual.columns.filter((column) => column.table === table);
    const expectedColumns = new Set<string>();
    for (const field of model.fields) {
      if (field.kind === 'object') continue;
      const name = field.dbName ?? field.name;
      expectedColumns.add(name);
      const where = `${model.name}.${field.name} (column ${table}.${name})`;
      const column = columns.find((candidate) => candidate.name === name);
      if (!column) {
        issues.push(`${where}: column is missing`);
        continue;
      }
      if (field.kind === 'enum') {
        const typeName = enumDbName.get(field.type) ?? field.type;
        if (column.typeKind !== 'e' || column.typeName !== typeName || column.isArray !== field.isList)
          issues.push(`${where}: type is ${column.formatted}, the schema says enum "${typeName}"${field.isList ? '[]' : ''}`);
      } else {
        const accepted = expectedTypes(field).map((type) => (field.isList ? `${type}[]` : type));
        if (!accepted.includes(column.formatted)) issues.push(`${where}: type is ${column.formatted}, the schema says ${accepted[0]}`);
      }
      // Prisma creates scalar lists without NOT NULL; it does not care either way.
      if (!field.isList && column.notNull !== field.isRequired)
        issues.push(`${where}: column is ${column.notNull ? 'NOT NULL' : 'nullable'}, the schema says ${field.isRequired ? 'required' : 'optional'}`);
      if (field.kind !== 'unsupported') {
        const wantsDefault = expectsDatabaseDefault(field);
        if (wantsDefault && !column.hasDefault) issues.push(`${where}: the schema declares a database default, the column has none`);
        if (!wantsDefault && column.hasDefault) issues.push(`${where}: the column has a DEFAULT the schema does not declare`);
      }
    }
    for (const column of columns) {
      if (!expectedColumns.has(column.name)) issues.push(`model ${model.name}: column ${table}.${column.name} exists in the database but not in the schema`);
    }
  }
  for (const table of actual.tables) {
    if (!BOOKKEEPING_TABLES.has(table) && ![...tableOf.values()].includes(table)) issues.push(`table "${table}" exists in the database but has no model`);
  }

  // Primary keys, unique constraints and indexes.
  for (const index of datamodel.indexes) {
    if (index.type === 'fulltext') continue; // MySQL only
    const model = datamodel.models.find((candidate) => candidate.name === index.model);
    if (!model) continue;
    const table = tableOf.get(model.name) ?? model.name;
    if (!actual.tables.includes(table)) continue; // reported above
    const columns = index.fields.map((field) => columnOf(model, field.name));
    const suffix = index.type === 'id' ? 'pkey' : index.type === 'unique' ? 'key' : 'idx';
    const name = index.dbName ?? prismaDefaultName(table, columns, suffix);
    const kind = index.type === 'id' ? 'primary key' : index.type === 'unique' ? 'unique index' : 'index';
    const where = `model ${model.name}: ${kind} "${name}" on (${columns.join(', ')})`;
    const found = actual.indexes.find((candidate) => candidate.table === table && candidate.name === name);
    if (!found) {
      const similar = actual.indexes.find((candidate) => candidate.table === table && candidate.columns.join(',') === columns.join(','));
      issues.push(`${where} is missing${similar ? ` (an index on the same columns is named "${similar.name}")` : ''}`);
      continue;
    }
    if (found.columns.join(',') !== columns.join(',')) issues.push(`${where}: the database index covers (${found.columns.map((column) => column ?? '<expression>').join(', ')})`);
    if (index.type === 'id' && !found.primary) issues.push(`${where}: not the primary key in the database`);
    if (index.type !== 'normal' && !found.unique) issues.push(`${where}: not unique in the database`);
    if (index.type === 'normal' && found.unique) issues.push(`${where}: unique in the database, a plain @@index in the schema`);
    const method = (index.algorithm ?? 'BTree').toLowerCase();
    if (found.method !== method) issues.push(`${where}: uses ${found.method}, the schema says ${method}`);
    index.fields.forEach((field, position) => {
      if (field.operatorClass && found.operatorClasses[position] !== operatorClassName(field.operatorClass))
        issues.push(`${where}: operator class of ${field.name} is ${found.operatorClasses[position] ?? 'none'}, the schema says ${operatorClassName(field.operatorClass)}`);
    });
  }

  // Foreign keys of relations (matched by columns; Prisma's default name is not required).
  for (const model of datamodel.models) {
    const table = tableOf.get(model.name) ?? model.name;
    if (!actual.tables.includes(table)) continue;
    for (const field of model.fields) {
      if (field.kind !== 'object' || !field.relationFromFields?.length) continue;
      const target = datamodel.models.find((candidate) => candidate.name === field.type);
      if (!target) continue;
      const columns = field.relationFromFields.map((name) => columnOf(model, name));
      const referencedColumns = (field.relationToFields ?? []).map((name) => columnOf(target, name));
      const referencedTable = tableOf.get(target.name) ?? target.name;
      const where = `${model.name}.${field.name}: foreign key (${columns.join(', ')}) -> ${referencedTable}(${referencedColumns.join(', ')})`;
      const found = actual.foreignKeys.find((candidate) => candidate.table === table && candidate.columns.join(',') === columns.join(','));
      if (!found) {
        issues.push(`${where} is missing`);
        continue;
      }
      if (found.referencedTable !== referencedTable || found.referencedColumns.join(',') !== referencedColumns.join(','))
        issues.push(`${where}: the database references ${found.referencedTable}(${found.referencedColumns.join(', ')})`);
      const optional = field.relationFromFields.some((name) => !model.fields.find((candidate) => candidate.name === name)?.isRequired);
      const onDelete = field.relationOnDelete ?? (optional ? 'SetNull' : 'Restrict');
      if (found.onDelete !== ON_DELETE[onDelete]) issues.push(`${where}: ON DELETE differs (database code "${found.onDelete}", schema ${onDelete})`);
    }
  }
  return issues;
}

/** Load the schema, read the database schema named `schema`, and list the differences. */
export async function detectDrift(pool: pg.Pool, schemaPath: string, schema: string): Promise<string[]> {
  const [datamodel, actual] = await Promise.all([loadDatamodel(schemaPath), introspectSchema(pool, schema)]);
  return compareSchema(datamodel, actual);
}
