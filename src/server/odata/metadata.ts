import type { ComplexType, EntitySet, ODataModel, Property } from './model.js';
import type { ODataVersion } from './version.js';

/**
 * `$metadata`: the model in CSDL, as XML (what Power BI and Excel read) and as JSON
 * (`$format=json`), both OData 4.01. Descriptions are left to the GraphQL schema.
 */
const CONTAINER = 'Container';

const typeText = (p: Property) => (p.collection ? `Collection(${p.type})` : p.type);
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function propertyXml(p: Property): string {
  // A collection's items are never null; only a single value may be.
  const nullable = p.collection ? '' : ` Nullable="${p.nullable}"`;
  return `<Property Name="${escape(p.name)}" Type="${escape(typeText(p))}"${nullable}/>`;
}

function complexXml(complex: ComplexType): string {
  return `<ComplexType Name="${complex.name}">${complex.properties.map(propertyXml).join('')}</ComplexType>`;
}

function entityTypeXml(model: ODataModel, set: EntitySet): string {
  const navigations = set.navigations.map((n) => {
    const target = model.set(n.target)!;
    return `<NavigationProperty Name="${n.name}" Type="${model.namespace}.${target.type}"/>`;
  });
  return (
    `<EntityType Name="${set.type}"><Key><PropertyRef Name="${set.key}"/></Key>` +
    set.properties.map((p) => (p.name === set.key ? propertyXml({ ...p, nullable: false }) : propertyXml(p))).join('') +
    navigations.join('') +
    `</EntityType>`
  );
}

function entitySetXml(ns: string, set: EntitySet): string {
  const bindings = set.navigations.map((n) => `<NavigationPropertyBinding Path="${n.name}" Target="${n.target}"/>`);
  return `<EntitySet Name="${set.name}" EntityType="${ns}.${set.type}">${bindings.join('')}</EntitySet>`;
}

/** CSDL XML, of the version the client reads (the model holds nothing that 4.01 alone has). */
export function metadataXml(model: ODataModel, version: ODataVersion): string {
  const ns = model.namespace;
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="${version}">` +
    `<edmx:DataServices><Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="${ns}">` +
    model.complexTypes.map(complexXml).join('') +
    model.sets.map((set) => entityTypeXml(model, set)).join('') +
    `<EntityContainer Name="${CONTAINER}">` +
    model.sets.map((set) => entitySetXml(ns, set)).join('') +
    `</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`
  );
}

function propertyJson(p: Property, key = false): Record<string, unknown> {
  return {
    $Kind: 'Property',
    $Type: p.type,
    ...(p.collection ? { $Collection: true } : {}),
    ...(p.nullable && !p.collection && !key ? { $Nullable: true } : {}),
  };
}

export function metadataJson(model: ODataModel): Record<string, unknown> {
  const ns = model.namespace;
  const schema: Record<string, unknown> = {};
  for (const complex of model.complexTypes)
    schema[complex.name] = { $Kind: 'ComplexType', ...Object.fromEntries(complex.properties.map((p) => [p.name, propertyJson(p)])) };
  for (const set of model.sets)
    schema[set.type] = {
      $Kind: 'EntityType',
      $Key: [set.key],
      ...Object.fromEntries(set.properties.map((p) => [p.name, propertyJson(p, p.name === set.key)])),
      ...Object.fromEntries(
        set.navigations.map((n) => [n.name, { $Kind: 'NavigationProperty', $Type: `${ns}.${model.set(n.target)!.type}`, $Nullable: true }]),
      ),
    };
  schema[CONTAINER] = {
    $Kind: 'EntityContainer',
    ...Object.fromEntries(
      model.sets.map((set) => [
        set.name,
        {
          $Collection: true,
          $Type: `${ns}.${set.type}`,
          ...(set.navigations.length > 0
            ? { $NavigationPropertyBinding: Object.fromEntries(set.navigations.map((n) => [n.name, n.target])) }
            : {}),
        },
      ]),
    ),
  };
  return { $Version: '4.01', $EntityContainer: `${ns}.${CONTAINER}`, [ns]: schema };
}

/** The service document: every entity set, relative to the service root. */
export function serviceDocument(model: ODataModel, base: string): Record<string, unknown> {
  return {
    '@odata.context': `${base}/$metadata`,
    value: model.sets.map((set) => ({ name: set.name, kind: 'EntitySet', url: set.name })),
  };
}
