import { useRef, useState } from 'react';
import { Modal } from '../components/modal.tsx';
import { useNow } from '../components/use-now.ts';
import { formatDuration } from '../state/access-format.ts';
import { usePromptStore, type DeviceCode } from '../state/prompt-store.ts';

/** While a device sign-in runs: the code to type on another device, until the session says signed-in. */
export function DeviceCodeModal() {
  const code = usePromptStore((state) => state.deviceCode);
  const hidden = usePromptStore((state) => state.deviceCodeHidden);
  if (!code || hidden) return null;
  return <DeviceCodeCard key={`${code.profileId}:${code.userCode}`} code={code} />;
}

function DeviceCodeCard({ code }: { code: DeviceCode }) {
  const setHidden = usePromptStore((state) => state.setDeviceCodeHidden);
  const hide = () => setHidden(true);
  const now = useNow(1_000);
  const [copied, setCopied] = useState<'copied' | 'select' | null>(null);
  const codeRef = useRef<HTMLElement>(null);
  const left = code.expiresAt - now;

  async function copy() {
    try {
      await navigator.clipboard.writeText(code.userCode);
      setCopied('copied');
    } catch {
      // No clipboard permission: select the code so Ctrl+C copies it.
      const selection = window.getSelection();
      if (codeRef.current && selection) {
        selection.selectAllChildren(codeRef.current);
        setCopied('select');
      }
    }
  }

  return (
    <Modal label="Sign in with a code" onEscape={hide} testId="device-code-modal" initialFocus="[data-testid='device-code-copy']">
      <div className="modal__head">
        <h2 className="modal__title">
          Sign in to <span className="mono strong">{code.profileId}</span> with a code
        </h2>
      </div>
      <div className="modal__body">
        <p>On any device with a browser, open</p>
        <a
          className="verification-uri mono"
          href={code.verificationUriComplete ?? code.verificationUri}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="device-code-uri"
        >
          {code.verificationUri}
        </a>
        <p>and enter this code:</p>
        <div className="user-code-row">
          <code className="user-code" ref={codeRef} data-testid="device-code-user-code" aria-label={`Code ${code.userCode.split('').join(' ')}`}>
            {code.userCode}
          </code>
          <button type="button" className="button" onClick={() => void copy()} data-testid="device-code-copy">
            {copied === 'copied' ? 'Copied ✓' : 'Copy code'}
          </button>
        </div>
        {copied === 'select' && <p className="muted small">Selected — press Ctrl+C to copy.</p>}
        <p className={left < 60_000 ? 'field__error' : 'muted small'} data-testid="device-code-expiry">
          {left > 0 ? `The code expires in ${formatDuration(left)}.` : 'The code has expired; start the sign-in again.'} Waiting for the sign-in to finish…
        </p>
      </div>
      <div className="modal__actions">
        <span className="modal__keys muted small">
          <kbd>Esc</kbd> hides this; the sign-in keeps waiting (Sign-in view: Show code)
        </span>
        <button type="button" className="button" onClick={hide} data-testid="device-code-hide">
          Hide
        </button>
      </div>
    </Modal>
  );
}
