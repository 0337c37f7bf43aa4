import {
  channelWeightsInputSchema,
  cycleSetupSchema,
  cycleTransitionSchema,
  indicatorInputSchema,
  indicatorMoveSchema,
  indicatorPatchSchema,
  indicatorWeightsInputSchema,
  PHASE_KINDS,
  phasesInputSchema,
  policyInputSchema,
  scoringPolicyOf,
  WEIGHTED_CHANNELS,
} from '@kaimen/contracts';
import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { ApiError, callApi } from '$lib/server/api';
import { askToConfirm } from '$lib/server/confirm';
import { failFromApi } from '$lib/server/form-failure';
import { formValues, sendForm, typedNumber } from '$lib/server/send-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  if (!z.uuid().safeParse(params.id).success) error(404, 'not found');
  try {
    const setup = await callApi(cycleSetupSchema, `/v1/cycles/${params.id}/setup`, {
      lang: locals.lang,
      token: locals.sessionToken,
    });
    return {
      setup,
      policy: scoringPolicyOf(setup.policy),
      phaseKinds: PHASE_KINDS,
      channels: WEIGHTED_CHANNELS,
    };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) error(404, e.message);
    throw e;
  }
};

/** Channels that can have a single source per unit: every channel but citizens. */
const SINGLE_SOURCE_CHANNELS = WEIGHTED_CHANNELS.filter((c) => c !== 'citizen');

const done = (sent: Awaited<ReturnType<typeof sendForm>>, id: string) => ('ok' in sent ? { done: id } : sent);

export const actions: Actions = {
  transition: async ({ request, locals, params }) => {
    const form = await request.formData();
    const values = formValues(form);
    const kind = values.to === 'open' ? 'open' : values.to === 'closed' ? 'close' : null;
    const ask = kind && askToConfirm(form, { kind, action: 'transition' });
    if (ask) return ask;
    const sent = await sendForm({
      locals,
      schema: cycleTransitionSchema,
      input: { to: values.to },
      method: 'POST',
      path: `/v1/cycles/${params.id}/transition`,
      id: 'transition',
    });
    return done(sent, 'transition');
  },
  delete: async ({ request, locals, params }) => {
    const ask = askToConfirm(await request.formData(), { kind: 'deleteCycle', action: 'delete' });
    if (ask) return ask;
    try {
      await callApi(z.undefined(), `/v1/cycles/${params.id}`, {
        lang: locals.lang,
        token: locals.sessionToken,
        method: 'DELETE',
      });
    } catch (e) {
      return failFromApi(e, 'delete');
    }
    redirect(303, '/admin/cycles?deleted=1');
  },
  phases: async ({ request, locals, params }) => {
    const values = formValues(await request.formData());
    // A phase row left without dates is not planned.
    const phases = PHASE_KINDS.filter((k) => values[`${k}_startsOn`] || values[`${k}_endsOn`]).map((k) => ({
      kind: k,
      name: values[`${k}_name`] ?? '',
      startsOn: values[`${k}_startsOn`] ?? '',
      endsOn: values[`${k}_endsOn`] ?? '',
    }));
    const sent = await sendForm({
      locals,
      schema: phasesInputSchema,
      input: { phases },
      method: 'PUT',
      path: `/v1/cycles/${params.id}/phases`,
      values,
      id: 'phases',
    });
    return done(sent, 'phases');
  },
  addIndicator: async ({ request, locals, params }) => {
    const form = await request.formData();
    const values = formValues(form);
    const id = `add-${values.categoryId}`;
    const sent = await sendForm({
      locals,
      schema: indicatorInputSchema,
      input: {
        categoryId: values.categoryId,
        parentId: values.parentId || null,
        code: values.code,
        name: values.name,
        weight: typedNumber(form.get('weight')),
        kind: values.kind,
        scaleMin: typedNumber(form.get('scaleMin')),
        scaleMax: typedNumber(form.get('scaleMax')),
      },
      method: 'POST',
      path: `/v1/cycles/${params.id}/indicators`,
      values,
      id,
    });
    return done(sent, id);
  },
  weights: async ({ request, locals, params }) => {
    const form = await request.formData();
    const values = formValues(form);
    const id = `weights-${values.categoryId}`;
    const weights = Object.fromEntries(
      [...form.keys()].filter((k) => k.startsWith('w_')).map((k) => [k.slice(2), typedNumber(form.get(k))]),
    );
    const sent = await sendForm({
      locals,
      schema: indicatorWeightsInputSchema,
      input: { weights },
      method: 'PUT',
      path: `/v1/cycles/${params.id}/indicator-weights`,
      values,
      id,
    });
    return done(sent, id);
  },
  retireIndicator: async ({ request, locals }) => {
    const [id = '', retired] = String((await request.formData()).get('toggle') ?? '').split('|');
    const sent = await sendForm({
      locals,
      schema: indicatorPatchSchema,
      input: { retired: retired === 'true' },
      method: 'PATCH',
      path: `/v1/indicators/${encodeURIComponent(id)}`,
      id,
    });
    return done(sent, id);
  },
  moveIndicator: async ({ request, locals }) => {
    const [id = '', direction] = String((await request.formData()).get('move') ?? '').split('|');
    const sent = await sendForm({
      locals,
      schema: indicatorMoveSchema,
      input: { direction },
      method: 'POST',
      path: `/v1/indicators/${encodeURIComponent(id)}/move`,
      id,
    });
    return done(sent, id);
  },
  channels: async ({ request, locals, params }) => {
    const form = await request.formData();
    const values = formValues(form);
    const id = `channels-${values.categoryId}`;
    const weights = Object.fromEntries(
      WEIGHTED_CHANNELS.filter((c) => (values[`c_${c}`] ?? '').trim() !== '').map((c) => [
        c,
        typedNumber(form.get(`c_${c}`)),
      ]),
    );
    const sent = await sendForm({
      locals,
      schema: channelWeightsInputSchema,
      input: { weights },
      method: 'PUT',
      path: `/v1/cycles/${params.id}/channel-weights/${encodeURIComponent(values.categoryId ?? '')}`,
      values,
      id,
    });
    return done(sent, id);
  },
  policy: async ({ request, locals, params }) => {
    const form = await request.formData();
    const values = formValues(form);
    const current = (
      await callApi(cycleSetupSchema, `/v1/cycles/${params.id}/setup`, {
        lang: locals.lang,
        token: locals.sessionToken,
      })
    ).policy;
    const quota = (values.excellentQuota ?? '').trim();
    // The form edits the common settings; any other policy keys are kept as they are.
    const policy = {
      ...current,
      minCitizenSample: typedNumber(form.get('minCitizenSample')),
      insufficientSample: values.insufficientSample,
      excellentQuota: quota === '' ? null : typedNumber(form.get('excellentQuota')),
      spotCheckShare: typedNumber(form.get('spotCheckShare')),
      gradeThresholds: {
        excellent: typedNumber(form.get('excellent')),
        good: typedNumber(form.get('good')),
        fair: typedNumber(form.get('fair')),
      },
      panelMinBallots: typedNumber(form.get('panelMinBallots')),
      singleSourceSe: Object.fromEntries(
        SINGLE_SOURCE_CHANNELS.map((ch) => {
          const raw = String(form.get(`se_${ch}`) ?? '').trim();
          return [ch, raw === '' ? null : typedNumber(raw)];
        }),
      ),
      petitionRule: {
        mode: values.petitionMode,
        basis: values.petitionBasis,
        pointsPer: typedNumber(form.get('petitionPointsPer')),
        cap: typedNumber(form.get('petitionCap')),
        share: typedNumber(form.get('petitionShare')),
      },
      caseDueWorkingDays: typedNumber(form.get('caseDueWorkingDays')),
      panelAnonymous: values.panelAnonymous === 'on',
    };
    const sent = await sendForm({
      locals,
      schema: policyInputSchema,
      input: { policy },
      method: 'PUT',
      path: `/v1/cycles/${params.id}/policy`,
      values,
      id: 'policy',
    });
    return done(sent, 'policy');
  },
};
