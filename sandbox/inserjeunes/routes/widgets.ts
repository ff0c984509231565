import type { FastifyInstance, FastifyRequest } from 'fastify';
import { lastValue, type Query } from '../../http/query.js';
import { certificationAnswer, statRow } from '../certification-answer.js';
import type { InserJeunesContext } from '../context.js';
import { checkParams, HttpError, invalid, notFound } from '../errors.js';
import { filieresView } from '../filieres.js';
import { checkMillesime, otherForm, parseCode, parseCodes, parseRegion, splitList } from '../params.js';
import { NATIONAL_MILLESIMES, PERIOD_MILLESIMES } from '../reference.js';
import { EMPTY_SVG, errorWidget, render, widget } from '../render.js';
import { latest, nationalScope, regionalScope, regionOf } from '../rows.js';

/** Display options of the SVG widget, and the values each takes. */
const WIDGET_OPTIONS = [
  ['theme', ['dsfr', 'lba']],
  ['direction', ['vertical', 'horizontal']],
  ['imageOnError', ['true', 'false', 'empty']],
] as const;

/**
 * The public single-item routes under `base` (one certification, nationally or in a region;
 * one formation of an establishment), each also an SVG widget.
 */
export function registerWidgetRoutes(app: FastifyInstance, base: string, { world }: InserJeunesContext): void {
  const national = nationalScope(world);

  widgetRoute(app, base + '/api/inserjeunes/certifications/:codes', 'codes', (request) => {
    const query = request.query as Query;
    checkParams(query, ['millesime', 'vue', 'universe', 'theme', 'direction', 'imageOnError']);
    const raw = (request.params as { codes: string }).codes;
    if (/\.(json|csv)$/.test(raw))
      throw invalid('codes', '"codes" must be a valid certification code.', 'codes_certification.invalid', raw);
    const codes = parseCodes(splitList(raw), 'codes_certifications');
    const millesime = checkMillesime(lastValue(query, 'millesime') ?? latest(NATIONAL_MILLESIMES), 'millesime');
    if (codes.length > 1 || lastValue(query, 'vue') === 'filieres')
      return filieresView(world, world.national, codes, millesime, () =>
        notFound('Certifications inconnues', 'ErrorCertificationsNotFound'),
      );
    return certificationAnswer(world, national, codes[0]!, millesime);
  });

  widgetRoute(app, base + '/api/inserjeunes/formations/:id', 'id', (request) => {
    const query = request.query as Query;
    checkParams(query, ['millesime', 'universe', 'theme', 'direction', 'imageOnError']);
    const id = (request.params as { id: string }).id;
    const separator = id.indexOf('-');
    const uai = id.slice(0, separator);
    if (separator < 0 || !/^[0-9]{7}[A-Z]$/.test(uai)) throw invalid('uai', '"uai" must be a valid UAI', 'uai.invalid', uai);
    const code = parseCode(id.slice(separator + 1), 'code_certification');
    const millesime = checkMillesime(lastValue(query, 'millesime') ?? '2024', 'millesime');
    if (!world.identities.has(code)) throw notFound('Formation inconnue', 'ErrorFormationNotExist');
    if (!world.establishments.has(uai)) throw notFound('Etablissement inconnu', 'ErrorEtablissementNotExist');
    const missing = () => notFound('Formation inconnue', 'ErrorFormationNotFound');
    const row = statRow(
      world,
      { rows: world.formations.filter((r) => r.uai === uai), unknown: missing, noRows: missing },
      code,
      millesime,
      (r) => r.millesime === millesime || r.millesime === otherForm(millesime),
    );
    return render(row, {
      titre: `Certification ${code}, établissement ${uai}`,
      details: `Données InserJeunes pour la certification ${code} dispensée par l'établissement ${uai}, pour le millésime ${row.millesime}`,
    });
  });

  widgetRoute(app, base + '/api/inserjeunes/regionales/:region/certifications/:codes', 'codes', (request) => {
    const query = request.query as Query;
    checkParams(query, ['millesime', 'vue', 'universe', 'theme', 'direction', 'imageOnError']);
    const params = request.params as { region: string; codes: string };
    const region = regionOf(world, parseRegion(params.region, 'region'));
    const codes = parseCodes(splitList(params.codes), 'codes_certifications');
    const millesime = checkMillesime(lastValue(query, 'millesime') ?? latest(PERIOD_MILLESIMES), 'millesime');
    const scope = regionalScope(world, region);
    if (codes.length > 1 || lastValue(query, 'vue') === 'filieres')
      return filieresView(world, scope.rows, codes, millesime, scope.noRows, region);
    return certificationAnswer(world, scope, codes[0]!, millesime);
  });
}

/**
 * A public single-item route, also served as an SVG widget with a `.svg` suffix on its last
 * parameter: errors then become an error image (`imageOnError=true`), an empty image (`empty`)
 * or stay JSON (`false`).
 */
function widgetRoute(app: FastifyInstance, path: string, lastParam: string, compute: (request: FastifyRequest) => unknown): void {
  app.get(path, async (request, reply) => {
    const params = request.params as Record<string, string>;
    const svg = params[lastParam]!.endsWith('.svg');
    if (svg) params[lastParam] = params[lastParam]!.slice(0, -'.svg'.length);
    const query = request.query as Query;
    try {
      for (const [key, allowed] of WIDGET_OPTIONS) {
        const value = lastValue(query, key);
        if (value !== undefined && !(allowed as readonly string[]).includes(value))
          throw invalid(key, `"${key}" must be one of [${allowed.join(', ')}]`, 'any.only', value);
      }
      const result = compute(request) as Record<string, unknown>;
      return svg ? reply.type('image/svg+xml').send(widget(result, lastValue(query, 'direction') ?? 'vertical')) : result;
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      const onError = lastValue(query, 'imageOnError') ?? 'false';
      if (svg && error.status === 404 && onError !== 'false') {
        return reply.type('image/svg+xml').send(onError === 'empty' ? EMPTY_SVG : errorWidget(String(error.body.message)));
      }
      return reply.code(error.status).send(error.body);
    }
  });
}
