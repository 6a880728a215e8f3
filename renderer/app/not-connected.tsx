export function NotConnected({ reason }: { reason: string }) {
  return (
    <div className="not-connected" role="alert" data-testid="not-connected">
      <div className="not-connected__card">
        <div className="brand">
          <span className="brand__mark" aria-hidden="true">
            ◆
          </span>
          <span className="brand__name">OpsDesk</span>
        </div>
        <h1>Not connected</h1>
        <p>{reason}</p>
      </div>
    </div>
  );
}
