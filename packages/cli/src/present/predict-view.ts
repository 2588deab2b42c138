// How predictions read: one row per input with the predicted class and its probability,
// and, when the true labels are known, the accuracy and the digits the model got wrong.
import type { PredictResponse__Output, Prediction__Output } from '@hyperfleet/proto';
import { formatTable } from './table.js';

/** Past this many rows a labelled run lists only its mistakes, the rows worth a look. */
export const FULL_TABLE_ROWS = 20;

export interface Scored {
  count: number;
  correct: number;
  accuracy: number;
}

export function score(
  predictions: readonly Prediction__Output[],
  labels: ArrayLike<number>,
): Scored {
  const correct = predictions.filter((prediction, i) => prediction.label === labels[i]).length;
  const count = predictions.length;
  return { count, correct, accuracy: count === 0 ? 0 : correct / count };
}

export function confidence(prediction: Prediction__Output): number {
  return prediction.probabilities[prediction.label] ?? Math.max(0, ...prediction.probabilities);
}

/** Every row; or, for more than FULL_TABLE_ROWS labelled rows, the first FULL_TABLE_ROWS mistakes. */
export function predictionTable(
  predictions: readonly Prediction__Output[],
  labels?: ArrayLike<number>,
): string[] {
  const indexed = predictions.map((prediction, row) => ({ prediction, row }));
  const shown =
    labels && predictions.length > FULL_TABLE_ROWS
      ? indexed
          .filter(({ prediction, row }) => prediction.label !== labels[row])
          .slice(0, FULL_TABLE_ROWS)
      : indexed;
  if (shown.length === 0) return [];

  const columns = [
    { header: 'ROW', align: 'right' as const },
    { header: 'PREDICTED', align: 'right' as const },
    { header: 'PROBABILITY', align: 'right' as const },
    ...(labels ? [{ header: 'LABEL', align: 'right' as const }, { header: 'RESULT' }] : []),
  ];
  const rows = shown.map(({ prediction, row }) => [
    String(row),
    String(prediction.label),
    confidence(prediction).toFixed(3),
    ...(labels ? [String(labels[row]), prediction.label === labels[row] ? 'ok' : 'wrong'] : []),
  ]);
  return formatTable(columns, rows);
}

/** The text a labelled run ends with, e.g. "accuracy 0.9700 (97/100) with model version 3". */
export function accuracyLine(response: PredictResponse__Output, scored: Scored): string {
  return `accuracy ${scored.accuracy.toFixed(4)} (${scored.correct}/${scored.count}) with model version ${response.version}`;
}

export function predictionView(
  response: PredictResponse__Output,
  labels?: ArrayLike<number>,
): string[] {
  const table = predictionTable(response.predictions, labels);
  if (!labels) return [...table, '', `model version ${response.version}`];

  const scored = score(response.predictions, labels);
  const wrong = scored.count - scored.correct;
  const listed = Math.min(wrong, FULL_TABLE_ROWS);
  const heading =
    response.predictions.length > FULL_TABLE_ROWS && wrong > 0
      ? [listed < wrong ? `misclassified (the first ${listed} of ${wrong}):` : 'misclassified:']
      : [];
  return [...heading, ...table, ...(table.length > 0 ? [''] : []), accuracyLine(response, scored)];
}
