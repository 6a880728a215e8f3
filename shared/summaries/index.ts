export { summarizeContainer, type ContainerSummaryInput } from './container-summary.ts';
export { summarizeNode, type NodeSummaryInput } from './node-summary.ts';
export { summarizePod, type PodSummaryInput } from './pod-summary.ts';
export { displayOf, formatCpu, formatMemory, formatTime } from './summary-format.ts';
export type { FactFormat, Summary, SummaryFact, SummaryLocale, SummaryOptions, SummarySentence } from './summary-types.ts';
