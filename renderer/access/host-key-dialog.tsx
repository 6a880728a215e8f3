import { useState } from 'react';
import type { HostKeyPrompt } from '../../shared/contract/channels.ts';
import { useApi } from '../api/api-context.tsx';
import { Modal } from '../components/modal.tsx';
import { describeError } from '../components/error-panel.tsx';
import { usePromptStore } from '../state/prompt-store.ts';

/**
 * Trust on first use, asked in the window: a new SSH host key is trusted only by an explicit click
 * (or Tab to Trust + Enter). Enter alone does nothing; Esc refuses.
 */
export function HostKeyDialog() {
  const prompt = usePromptStore((state) => state.hostKeys[0]);
  const waiting = usePromptStore((state) => state.hostKeys.length - 1);
  if (!prompt) return null;
  return <HostKeyQuestion key={prompt.requestId} prompt={prompt} waiting={waiting} />;
}

function HostKeyQuestion({ prompt, waiting }: { prompt: HostKeyPrompt; waiting: number }) {
  const api = useApi();
  const remove = usePromptStore((state) => state.removeHostKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);

  async function answer(trust: boolean) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api['tunnels:answerHostKey']({ requestId: prompt.requestId, trust });
      // answered:false means it timed out or was answered elsewhere: nothing left to decide here.
      if (result.ok) remove(prompt.requestId);
      else setError(result.error);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal label="Trust this SSH host key?" onEscape={() => void answer(false)} testId="host-key-dialog" tone="warn" alert>
      <div className="modal__head">
        <span className="modal__icon" aria-hidden="true">
          ⚠
        </span>
        <h2 className="modal__title">
          First connection to{' '}
          <span className="mono strong" data-testid="host-key-host">
            {prompt.host}:{prompt.port}
          </span>
        </h2>
      </div>
      <div className="modal__body">
        <p>
          The server presented a <strong data-testid="host-key-type">{prompt.keyType}</strong> key this desk has never seen:
        </p>
        <code className="fingerprint" data-testid="host-key-fingerprint">
          {prompt.fingerprint}
        </code>
        <p>Trust and remember this host? Compare the fingerprint with the one your admins publish before trusting it.</p>
        <p className="muted small">
          Refusing stops this connection; you are asked again next time.
          {waiting > 0 && ` ${waiting} more host key question${waiting === 1 ? '' : 's'} waiting.`}
        </p>
        {error && (
          <div className="form-error" role="alert">
            <span className="error-panel__code">{error.code}</span> {error.message}
          </div>
        )}
      </div>
      <div className="modal__actions">
        <span className="modal__keys muted small">
          <kbd>Esc</kbd> refuses
        </span>
        <button type="button" className="button" onClick={() => void answer(false)} disabled={busy} data-testid="host-key-refuse">
          Refuse
        </button>
        <button type="button" className="button button--warn" onClick={() => void answer(true)} disabled={busy} data-testid="host-key-trust">
          Trust and remember
        </button>
      </div>
    </Modal>
  );
}
