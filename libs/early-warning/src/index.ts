export {
  ALERT_PARAMETER_SCORE,
  ALERT_PARTIAL_SCORE,
  currentScore,
  isStale,
  NEWS2_BANDS,
  partialScore,
  scoreParameter,
  type Band,
  type CurrentScore,
  type MeasuredValue,
  type Parameter,
  type PartialScore,
} from './news2.js';
