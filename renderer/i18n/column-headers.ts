import type { Locale } from './translate.ts';

/** Korean for the list views' column headers, keyed by the English header the views define. */
const koreanHeaders: Record<string, string> = {
  Name: '이름',
  Center: '센터',
  Roles: '역할',
  Status: '상태',
  'CPU cores': 'CPU 코어',
  Memory: '메모리',
  Kubelet: 'Kubelet',
  Age: '경과',
  Namespace: '네임스페이스',
  Node: '노드',
  Phase: '단계',
  QoS: 'QoS',
  Restarts: '재시작',
  Ready: '준비',
  Reason: '사유',
  Pod: '파드',
  Container: '컨테이너',
  State: '상태',
  'Last termination': '마지막 종료',
  Image: '이미지',
  Requests: '요청',
  Limits: '제한',
};

/** The columns with headers in the locale; an unknown header stays as written. */
export function localizeHeaders<C extends { header: string }>(columns: readonly C[], locale: Locale): C[] {
  if (locale === 'en') return [...columns];
  return columns.map((column) => ({ ...column, header: koreanHeaders[column.header] ?? column.header }));
}
