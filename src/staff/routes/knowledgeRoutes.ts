/**
 * Knowledge drafts made from tickets, and the trainers' view of them.
 *   POST /staff/api/tickets/:id/knowledge-draft  { title?, questions?, answer?, group?, save? }
 *        → 200 { entry, yaml, fileName } to review or download; with save: true → 201 { entry, yaml, file } saved
 *          under knowledge/drafts/; 422 { error, problems } when the draft would not be a valid entry
 *   GET  /staff/api/knowledge-drafts              → { drafts: [{ file, id, title, group, questions, reviewed }] }
 *   GET  /staff/api/knowledge-drafts/file?path=drafts/<…>.yaml → the YAML file (download)
 */
import { HttpError, sendError } from '../../channels/directline/http/httpErrors';
import { actorOf } from '../accountService';
import { param, queryOf, readJson } from '../http/staffHttp';
import { buildDraft, draftYaml, KnowledgeFolderBrokenError, listDrafts, readDraftFile, saveDraft } from '../knowledgeDraft';
import { staffMsg } from '../messages';
import { inScope, ticketScope } from '../types';
import type { RouteModule } from './context';

const optionalText = (value: unknown, max: number): string | undefined =>
  typeof value === 'string' && value.trim() ? value.slice(0, max) : undefined;

export const knowledgeRoutes: RouteModule = (server, ctx) => {
  const { http, deps } = ctx;

  server.post(
    '/staff/api/tickets/:id/knowledge-draft',
    http.route({ permission: 'drafts.create' }, async (req, res, c) => {
      const raw = param(req, 'id');
      const ticket = /^\d{1,15}$/.test(raw) ? await deps.tickets.get(Number(raw)) : undefined;
      if (!ticket) throw new HttpError(404, staffMsg.ticketNotFound, 'TicketNotFound');
      if (!inScope(ticketScope(c.active.account), ticket.communeId)) throw new HttpError(403, staffMsg.ticketForbidden, 'OtherCommune');
      if (ticket.purgedAt !== null) throw new HttpError(409, staffMsg.ticketPurged, 'Purged');
      const body = await readJson(req);

      const lastReply = (await deps.tickets.messages(ticket.id)).filter((m) => m.author === 'staff' && !m.internal).at(-1);
      const answer = optionalText(body.answer, 4000) ?? lastReply?.body;
      if (!answer) throw new HttpError(400, staffMsg.draftNoAnswer, 'NoAnswer');
      const questions = Array.isArray(body.questions)
        ? body.questions.filter((q): q is string => typeof q === 'string').slice(0, 30).map((q) => q.slice(0, 500))
        : undefined;
      const title = optionalText(body.title, 200);
      const group = optionalText(body.group, 60);
      const built = buildDraft({
        ticket,
        communeName: ctx.communeName(ticket.communeId),
        answer,
        now: ctx.now(),
        ...(title ? { title } : {}),
        ...(group ? { group } : {}),
        ...(questions ? { questions } : {}),
      });
      if (!built.ok) {
        res.send(422, { error: { code: 'InvalidDraft', message: staffMsg.draftInvalid }, problems: built.problems });
        return;
      }
      const info = { ticketCode: ticket.code, author: c.active.account.username, now: ctx.now() };
      const actor = actorOf(c.active.account, c.address);

      if (body.save === true) {
        let saved;
        try {
          saved = await saveDraft(deps.knowledgeDir, built.entry, info);
        } catch (err) {
          if (err instanceof KnowledgeFolderBrokenError) return sendError(res, 409, staffMsg.draftKnowledgeBroken, 'KnowledgeBroken');
          throw err;
        }
        await ctx.audit(actor, { action: 'draft.save', ticketId: ticket.id, target: saved.file, detail: { entryId: saved.entry.id } });
        res.send(201, { entry: saved.entry, yaml: draftYaml(saved.entry, saved.file, info), file: saved.file });
        return;
      }
      const relPath = `drafts/${built.entry.id}.yaml`;
      await ctx.audit(actor, { action: 'draft.create', ticketId: ticket.id, target: ticket.code, detail: { entryId: built.entry.id } });
      res.send(200, { entry: built.entry, yaml: draftYaml(built.entry, relPath, info), fileName: `${built.entry.id}.yaml` });
    }),
  );

  server.get(
    '/staff/api/knowledge-drafts',
    http.route({ permission: 'drafts.read' }, async (_req, res) => {
      res.send(200, { drafts: await listDrafts(deps.knowledgeDir) });
    }),
  );

  server.get(
    '/staff/api/knowledge-drafts/file',
    http.route({ permission: 'drafts.read' }, async (req, res, c) => {
      const relPath = queryOf(req).get('path') ?? '';
      const text = await readDraftFile(deps.knowledgeDir, relPath);
      if (text === undefined) throw new HttpError(404, staffMsg.draftNotFound, 'DraftNotFound');
      await ctx.audit(actorOf(c.active.account, c.address), { action: 'draft.download', target: relPath });
      const name = relPath.split('/').pop()!;
      res.writeHead(200, {
        'Content-Type': 'application/yaml; charset=utf-8',
        'Content-Disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
        'Cache-Control': 'no-store',
      });
      res.end(text);
    }),
  );
};
