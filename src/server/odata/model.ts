import {
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { ENTITY_SETS, type EntitySetDeclaration } from './sets.js';

/** An OData property: its Edm type, and where its value is in a GraphQL row. */
export interface Property {
  name: string;
  /** `Edm.String`, `Edm.Int32`… or a complex type's qualified name. */
  type: string;
  collection: boolean;
  nullable: boolean;
  /** The GraphQL fields leading to the value (a list on the way maps over its items). */
  path: readonly string[];
  /** A collection read through a list of rows (an EPCI's members' departments): each value once. */
  distinct?: boolean;
  /** Text read as an instant: written in OData's form, null when it is not one. */
  instant?: boolean;
  /** For a complex type: its fields, selected under `path`. */
  complex?: ComplexType;
}

export interface ComplexType {
  name: string;
  properties: Property[];
}

/** A row's link to the entity it points to (a structure's commune): `$expand` reads it. */
export interface Navigation {
  name: string;
  /** The GraphQL field that holds the entity. */
  field: string;
  target: string;
}

export interface EntitySet extends EntitySetDeclaration {
  key: string;
  properties: Property[];
  navigations: Navigation[];
}

export interface ODataModel {
  namespace: string;
  sets: EntitySet[];
  complexTypes: ComplexType[];
  set(name: string): EntitySet | undefined;
}

export const NAMESPACE = 'InclusionGraph';

/** GraphQL's scalars as Edm types; identifiers and codes stay strings (never numbers: `01360`). */
const EDM: Record<string, string> = {
  ID: 'Edm.String',
  String: 'Edm.String',
  Int: 'Edm.Int32',
  Float: 'Edm.Double',
  Boolean: 'Edm.Boolean',
};

const edmOf = (type: GraphQLOutputType): string | undefined => {
  const named = getNamedType(type);
  if (isEnumType(named)) return 'Edm.String';
  return isScalarType(named) ? EDM[named.name] : undefined;
};

const isList = (type: GraphQLOutputType) => isListType(getNullableType(type));
const capitalized = (name: string) => name[0]!.toUpperCase() + name.slice(1);

/** The fields a property may come from: no arguments (a connection, a cube), not deprecated. */
const plainFields = (type: GraphQLObjectType) => Object.values(type.getFields()).filter((f) => f.args.length === 0 && !f.deprecationReason);

function scalarProperty(field: GraphQLField<unknown, unknown>, path: readonly string[]): Property | undefined {
  const type = edmOf(field.type);
  if (!type) return undefined;
  return { name: field.name, type, collection: isList(field.type), nullable: getNullableType(field.type) === field.type, path };
}

/** The type at a path of fields from a GraphQL type, nullable when any step is, through a list when any step is one. */
function fieldAt(schema: GraphQLSchema, from: GraphQLObjectType, path: readonly string[]) {
  let type: GraphQLOutputType = from;
  let nullable = false;
  let throughList = false;
  for (const step of path) {
    const named: unknown = getNamedType(type);
    const field: GraphQLField<unknown, unknown> | undefined = isObjectType(named) ? named.getFields()[step] : undefined;
    if (!field) throw new Error(`OData model: ${from.name} has no field at ${path.join('.')}`);
    throughList ||= isList(type);
    type = field.type;
    nullable ||= getNullableType(type) === type;
  }
  return { type, nullable, throughList };
}

/** Builds the model from the schema: each set's type, its fields turned into properties. */
export function buildModel(schema: GraphQLSchema): ODataModel {
  const keyOf = new Map<string, { set: string; key: string }>();
  for (const declared of ENTITY_SETS) {
    const type = schema.getType(declared.type) as GraphQLObjectType;
    const key = Object.values(type.getFields()).find((f) => getNamedType(f.type).name === 'ID')?.name ?? 'id';
    keyOf.set(declared.type, { set: declared.name, key });
  }
  const complexTypes = new Map<string, ComplexType>();
  const complexOf = (type: GraphQLObjectType): ComplexType | undefined => {
    if (complexTypes.has(type.name)) return complexTypes.get(type.name);
    const properties = plainFields(type)
      .map((f) => scalarProperty(f, [f.name]))
      .filter((p): p is Property => p !== undefined);
    if (properties.length === 0) return undefined;
    const complex = { name: type.name, properties };
    complexTypes.set(type.name, complex);
    return complex;
  };

  const sets = ENTITY_SETS.map((declared): EntitySet => {
    const type = schema.getType(declared.type) as GraphQLObjectType;
    const properties: Property[] = [];
    const navigations: Navigation[] = [];
    const skipped = new Set([...(declared.exclude ?? []), ...Object.keys(declared.derived ?? {})]);
    for (const field of plainFields(type)) {
      if (skipped.has(field.name)) continue;
      const scalar = scalarProperty(field, [field.name]);
      if (scalar) {
        properties.push(declared.instants?.includes(field.name) ? { ...scalar, type: 'Edm.DateTimeOffset', instant: true } : scalar);
        continue;
      }
      const named = getNamedType(field.type) as GraphQLObjectType;
      const nullable = getNullableType(field.type) === field.type;
      const entity = keyOf.get(named.name);
      if (entity) {
        // A row points to another entity: its key as a property, the entity itself by $expand.
        properties.push({ name: field.name, type: 'Edm.String', collection: isList(field.type), nullable, path: [field.name, entity.key] });
        if (!isList(field.type)) navigations.push({ name: capitalized(field.name), field: field.name, target: entity.set });
        continue;
      }
      const complex = complexOf(named);
      if (complex)
        properties.push({
          name: field.name,
          type: `${NAMESPACE}.${complex.name}`,
          collection: isList(field.type),
          nullable,
          path: [field.name],
          complex,
        });
    }
    for (const [name, path] of Object.entries(declared.derived ?? {})) {
      const { type: at, nullable, throughList } = fieldAt(schema, type, path);
      const edm = edmOf(at) ?? 'Edm.String';
      properties.push(
        throughList
          ? { name, type: edm, collection: true, nullable: false, path, distinct: true }
          : { name, type: edm, collection: isList(at), nullable, path },
      );
    }
    return { ...declared, key: keyOf.get(declared.type)!.key, properties, navigations };
  });
  const byName = new Map(sets.map((s) => [s.name, s]));
  return { namespace: NAMESPACE, sets, complexTypes: [...complexTypes.values()], set: (name) => byName.get(name) };
}
