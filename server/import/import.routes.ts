import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { createRouter } from '../http/create-router.ts';
import { Failure, invalidRequest, notFound, problem, renderFailure, type FailureCode } from '../http/failure.ts';
import { failureOfDatabaseError } from '../http/database-refusals.ts';
import { idParameter, limitParameter } from '../http/query-parameters.ts';
import { jsonResponse, textResponse } from '../http/openapi-responses.ts';
import { importJobSchema, importProblemsPageSchema, importReportSchema, importTargetsSchema, uploadedImportSchema, type ImportProblemsPage, type ImportReport } from '../../contract/imports.ts';
import { commitImport } from './commit-import.ts';
import { importSettingsSchema, importTargets, targetFields } from './import-settings.ts';
import { findImportJob, insertImportJob, saveFailure, saveResult, saveValidation, type StoredFailure } from './import-jobs.repo.ts';
import { readUploadOffThread } from './read-upload-off-thread.ts';
import { previewGeometries, problemsPage, reportAnswer, validateImport } from './validate-import.ts';
import { importReportMessage, type Locale } from '../messages/message-catalogue.ts';
import type { UploadWarning } from './read-upload.ts';
import { readMultipartForm } from '../http/input-guard.ts';

/** Uploads above this are refused before they are read. */
export const importUploadLimitBytes = 100 * 1024 * 1024;

/**
 * The import wizard's server side (issue 11): upload → detect and parse → validate with the
 * user's mapping (a report, nothing written) → commit the clean rows in one transaction,
 * streaming progress. Jobs belong to their creator.
 */
export function createImportRoutes({ database, dataKey }: AppContext) {
  const router = createRouter();
  const { sql } = database;
  const jobSummary = (job: NonNullable<Awaited<ReturnType<typeof findImportJob>>>, locale: Locale) => ({
    id: job.id, fileName: job.fileName, format: job.format, status: job.status, createdAt: new Date(job.createdAt).toISOString(),
    detection: { ...job.detection, warnings: uploadWarningTexts(job.detection.warnings, locale) }, target: job.target, settings: job.settings, report: (job.report ? reportAnswer(job.report, locale) : null) as ImportReport | null, result: job.result,
    failure: job.status === 'failed' ? storedFailureView(job.result?.failure as StoredFailure | undefined, locale) : null,
  });

  router.use(
    '/imports',
    bodyLimit({
      maxSize: importUploadLimitBytes,
      onError: () => {
        throw new Failure('import_too_large', { limitMegabytes: importUploadLimitBytes / 1024 / 1024 }, {
          field: 'file', limitBytes: importUploadLimitBytes,
        });
      },
    }),
  );

  // what the wizard's target step offers: the targets with their fields, and where rows can go
  router.openapi(
    createRoute({
      method: 'get',
      path: '/imports/targets',
      tags: ['import and export'],
      summary: 'What the wizard\'s target step offers: the targets with their fields, and the streets and communities rows can go to',
      responses: { 200: jsonResponse(importTargetsSchema, 'Targets') },
    }),
    async (c) => c.json({
      targets: importTargets.map((target) => ({ target, fields: targetFields[target] })),
      streets: await sql<{ id: number; code: string; name: string }[]>`select id, code, name from streets order by code`,
      communities: await sql<{ id: number; code: string; name: string }[]>`select id, code, name from communities order by code`,
    }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/imports',
      tags: ['import and export'],
      summary: 'Upload a file (multipart field `file`; optional `encoding` UTF-8|GBK): detect format, encoding and CRS, parse, keep as a job',
      responses: { 201: jsonResponse(uploadedImportSchema, 'The parsed job: fields, sample rows, detection') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
        throw invalidRequest([problem('file', 'import_file_not_multipart', {})]);
      }
      const form = await readMultipartForm(c);
      const file = form.file;
      if (!(file instanceof File)) throw invalidRequest([problem('file', 'import_file_missing', {})]);
      const encoding = form.encoding;
      if (encoding !== undefined && encoding !== '' && encoding !== 'UTF-8' && encoding !== 'GBK') {
        throw invalidRequest([problem('encoding', 'import_encoding_unknown', {})]);
      }
      const parsed = await readUploadOffThread(file.name, new Uint8Array(await file.arrayBuffer()), encoding ? { encoding } : {});
      const id = await insertImportJob(sql, { userId: viewer.userId, fileName: file.name || 'upload', parsed, dataKey });
      await recordAudit(sql, {
        viewer, action: 'import.upload', objectType: 'import_job', objectId: id, result: 'ok', clientAddress: c.get('clientAddress'),
        details: { fileName: file.name, bytes: file.size, format: parsed.format, rows: parsed.rows.length },
      });
      const job = (await findImportJob(sql, dataKey, id, viewer, false))!;
      const preview = await previewGeometries(sql, parsed.rows, parsed.crs);
      return c.json({ ...jobSummary(job, c.get('locale')), sample: parsed.rows.slice(0, 50).map((row) => row.properties), preview: preview as ImportReport['preview'] }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/imports/{id}',
      tags: ['import and export'],
      summary: 'An import job: detection, settings, last validation report and result',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(importJobSchema, 'The job') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const job = await findImportJob(sql, dataKey, c.req.valid('param').id, viewer, false);
      if (!job) throw notFound('import_job', c.req.valid('param').id);
      return c.json(jobSummary(job, c.get('locale')), 200);
    },
  );

  // the stored report's problems, page by page: the validation answer carries only the first page
  router.openapi(
    createRoute({
      method: 'get',
      path: '/imports/{id}/problems',
      tags: ['import and export'],
      summary: 'A page of the last validation report\'s problems, errors first, filtered by severity and code',
      request: {
        params: z.object({ id: idParameter }),
        query: z.object({
          severity: z.enum(['error', 'warning']).optional(),
          code: z.string().regex(/^[a-z_]{1,60}$/).optional(),
          offset: z.string().regex(/^[0-9]{1,7}$/).transform(Number).optional()
            .openapi({ param: { name: 'offset', in: 'query' }, type: 'integer' }),
          limit: limitParameter(500, 100),
        }),
      },
      responses: { 200: jsonResponse(importProblemsPageSchema, 'The page') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      const job = await findImportJob(sql, dataKey, id, viewer, false);
      if (!job) throw notFound('import_job', id);
      const page = problemsPage(job.report, { ...(query.severity ? { severity: query.severity } : {}), ...(query.code ? { code: query.code } : {}), offset: query.offset ?? 0, limit: query.limit }, c.get('locale'));
      return c.json(page as ImportProblemsPage, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/imports/{id}/validate',
      tags: ['import and export'],
      summary: 'Validate the job with a target, field mapping, CRS and fixes: the report lists every row\'s problems; nothing is written',
      request: { params: z.object({ id: idParameter }), body: { content: { 'application/json': { schema: importSettingsSchema } }, required: true } },
      responses: { 200: jsonResponse(importReportSchema, 'The validation report') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { id } = c.req.valid('param');
      const settings = c.req.valid('json');
      const job = await findImportJob(sql, dataKey, id, viewer);
      if (!job) throw notFound('import_job', id);
      if (job.status === 'committed') throw new Failure('import_already_committed', { id });
      const { report } = await validateImport(sql, {
        rows: job.rows, detectedCrs: job.detection.crs, settings, source: { format: job.format, crsText: job.detection.crsText }, locale: c.get('locale'),
      });
      await saveValidation(sql, id, settings, report);
      return c.json(reportAnswer(report, c.get('locale')) as unknown as ImportReport, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/imports/{id}/commit',
      tags: ['import and export'],
      summary: 'Import the clean rows of the last validation in one transaction; the answer streams progress as NDJSON lines',
      request: { params: z.object({ id: idParameter }) },
      responses: {
        200: textResponse('application/x-ndjson', 'progress lines, then a result line — or an error line {type:"error",error:{code,message,details}} after which nothing was written and GET /imports/{id} shows status "failed" with the failure', '{"type":"progress","done":0,"total":120}\n{"type":"result","written":120}\n'),
      },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { id } = c.req.valid('param');
      const job = await findImportJob(sql, dataKey, id, viewer);
      if (!job) throw notFound('import_job', id);
      if (job.status === 'committed') throw new Failure('import_already_committed', { id });
      if (!job.settings) throw new Failure('import_not_validated', {}, { field: 'settings' });
      const settings = importSettingsSchema.parse(job.settings);
      // validated again now, with the same rules: the territory may have changed since the report was made
      const { report, ready } = await validateImport(sql, {
        rows: job.rows, detectedCrs: job.detection.crs, settings, source: { format: job.format, crsText: job.detection.crsText }, locale: c.get('locale'),
      });
      if (report.rowsWithErrors > 0) {
        throw new Failure('import_rows_have_errors', { count: report.rowsWithErrors }, {
          field: 'skipRows', rows: [...new Set(report.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.row))].slice(0, 100),
        });
      }
      if (ready.length === 0) throw new Failure('import_nothing_ready', {}, { field: 'rows' });
      const locale = c.get('locale');
      const encoder = new TextEncoder();
      // what is refused before writing was answered above as a 4xx; from here on the answer is a stream
      // of progress that ends with a result, or with an error line after the job was marked failed
      const stream = new ReadableStream<Uint8Array>({
        start: async (controller) => {
          const send = (line: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
          send({ type: 'progress', done: 0, total: ready.length });
          try {
            const result = await commitImport(
              database.sql,
              { jobId: id, fileName: job.fileName, settings, ready, userId: viewer.userId, dataKey },
              (done, total) => send({ type: 'progress', done, total }),
            );
            await saveResult(sql, id, 'committed', { ...result, ids: result.ids.slice(0, 10_000) });
            await recordAudit(sql, {
              viewer, action: 'import.commit', objectType: 'import_job', objectId: id, result: 'ok', clientAddress: c.get('clientAddress'),
              details: { target: settings.target, written: result.written, skippedRows: settings.skipRows.length, planId: result.planId ?? null },
            });
            send({ type: 'result', ...result, ids: undefined });
          } catch (error) {
            const known = error instanceof Failure ? error : failureOfDatabaseError(error);
            if (!known) console.error('[gridatlas] import commit failed:', error);
            const failure = known ?? new Failure('import_commit_failed', {});
            const stored: StoredFailure = { code: failure.code, params: failure.params as Record<string, unknown>, details: failure.details ?? null };
            await saveFailure(sql, id, stored).catch((cause: unknown) => console.error('[gridatlas] import job state not saved:', cause));
            await recordAudit(sql, {
              viewer, action: 'import.commit', objectType: 'import_job', objectId: id, result: 'failed', clientAddress: c.get('clientAddress'),
              details: { code: stored.code, params: stored.params },
            }).catch(() => {});
            send({ type: 'error', error: renderFailure(failure, locale) });
          }
          controller.close();
        },
      });
      // a stream, not a typed JSON body: the OpenAPI response type cannot describe it
      return new Response(stream, { status: 200, headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' } }) as never;
    },
  );

  return router;
}

/** The upload's warnings in the reader's language (jobs stored before they were codes hold English text). */
function uploadWarningTexts(warnings: readonly (UploadWarning | string)[], locale: Locale): string[] {
  return warnings.map((warning) => (typeof warning === 'string' ? warning : importReportMessage(locale, warning.code, warning.params)));
}

/** A stored commit failure as the reader sees it: code, message in their language, details. */
function storedFailureView(stored: StoredFailure | undefined, locale: Locale): { code: string; message: string; details: Record<string, unknown> | null } {
  const rendered = stored
    ? renderFailure(new Failure(stored.code as FailureCode, stored.params as never, stored.details ?? undefined), locale)
    : renderFailure(new Failure('import_commit_failed', {}), locale);
  // details are the failure's own record (field, rows …), or none
  const details = rendered.details !== null && typeof rendered.details === 'object' && !Array.isArray(rendered.details) ? rendered.details as Record<string, unknown> : null;
  return { ...rendered, details };
}
