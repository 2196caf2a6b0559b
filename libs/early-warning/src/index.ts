export {
  ALERT_PARAMETER_SCORE,
  ALERT_PARTIAL_SCORE,
  NEWS2_BANDS,
  partialScore,
  scoreParameter,
  type Band,
  type Parameter,
  type PartialScore,
} from './news2.js';
