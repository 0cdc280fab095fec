// The approve/reject form of one step (POST /api/requests/{id}/decisions/{step}, body DecisionInput:
// decision "approve" or "reject" and a comment, required here to reject). After a decision it follows
// the request for a few seconds and says where it went.
import { api, problemView } from './api.js';
import { field, h, show } from './dom.js';

export function decisionForm(requestId, step, onDone) {
  const comment = h('textarea', { rows: 2, maxlength: 2000 });
  const answer = h('div', { role: 'status', 'aria-live': 'polite' });
  const decide = async decision => {
    if (decision === 'reject' && !comment.value.trim()) {
      show(answer, h('div', { class: 'problem', role: 'alert' }, 'A rejection needs a comment: say why.'));
      comment.focus();
      return;
    }

    try {
      await api(`requests/${encodeURIComponent(requestId)}/decisions/${encodeURIComponent(step)}`, {
        method: 'POST',
        body: { decision, comment: comment.value.trim() || null },
      });
      show(answer, h('div', { class: 'ok' }, `${decision === 'approve' ? 'Approved' : 'Rejected'} ${step} of ${requestId}. Waiting for the request to move on…`));
      for (const button of form.querySelectorAll('button')) button.disabled = true;
      show(answer, h('div', { class: 'ok' }, await follow(requestId, step, decision)));
      onDone?.();
    } catch (error) {
      show(answer, problemView(error, 'The decision'));
    }
  };

  const form = h('form', { class: 'decision', onsubmit: event => event.preventDefault() },
    field(`Comment on ${step} (required to reject)`, comment),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => decide('approve') }, 'Approve'),
      h('button', { type: 'button', class: 'danger', onclick: () => decide('reject') }, 'Reject')),
    answer);
  return form;
}

// Where the request is once the orchestration has taken the decision (within seconds): at its next
// step, or finished with an outcome; a stage in between (Finalizing) is not where it went.
async function follow(requestId, step, decision) {
  const verb = decision === 'approve' ? 'Approved' : 'Rejected';
  let last = null;
  for (let attempt = 0; attempt < 30; attempt++) {
    await new Promise(resolve => setTimeout(resolve, 500));
    try {
      const { body } = await api(`requests/${encodeURIComponent(requestId)}`);
      const decided = body.approvals.find(a => a.step === step)?.status !== 'Pending';
      const next = body.approvals.find(a => a.status === 'Pending');
      last = body;
      if (decided && (body.outcome || next)) {
        return `${verb} ${step} of ${requestId}. The request is now ${body.stage}${body.outcome ? `, outcome ${body.outcome}` : `, waiting for ${next.step}`}.`;
      }
    } catch {
      // Keep trying; the decision itself was accepted.
    }
  }

  return `${verb} ${step} of ${requestId}; the request is ${last?.stage ?? 'not yet moved on'}. Reload to see where it went.`;
}
