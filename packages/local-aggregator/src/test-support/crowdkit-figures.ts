/**
 * Test-only: Crowd-Kit 1.4.1's measured accuracies on the golden tasks of
 * each dataset (`../shared/reference/crowdkit-baseline.md` §7), the bar our
 * methods must reach (within 0.5 pp or above).
 */
import type { DatasetName } from './datasets.js';

/** Accuracy per Crowd-Kit method; `undefined` where Crowd-Kit did not run it. */
export interface CrowdKitFigures {
  readonly mv: number;
  readonly wawa: number;
  readonly ds: number;
  readonly ds100: number;
  readonly oneCoinDs: number;
  readonly glad: number;
  readonly mace: number;
  readonly zbs: number;
  readonly kos?: number;
  readonly mmsr?: number;
}

/** Crowd-Kit's figures per dataset. */
export const CROWDKIT_ACCURACY: Readonly<Record<DatasetName, CrowdKitFigures>> = {
  duck: { mv: 0.7593, wawa: 0.7593, ds: 0.8889, ds100: 0.8981, oneCoinDs: 0.5833, glad: 0.7222, mace: 0.8056, zbs: 0.7593, kos: 0.7222, mmsr: 0.713 },
  dog: { mv: 0.8178, wawa: 0.829, ds: 0.8426, ds100: 0.8426, oneCoinDs: 0.8302, glad: 0.834, mace: 0.8302, zbs: 0.8302, mmsr: 0.8278 },
  music: { mv: 0.71, wawa: 0.7986, ds: 0.7686, ds100: 0.7671, oneCoinDs: 0.7929, glad: 0.7886, mace: 0.7957, zbs: 0.8, mmsr: 0.74 },
  temp: { mv: 0.9394, wawa: 0.9437, ds: 0.9416, ds100: 0.9416, oneCoinDs: 0.9394, glad: 0.9351, mace: 0.9394, zbs: 0.9437, kos: 0.5693, mmsr: 0.9242 },
  rte: { mv: 0.9187, wawa: 0.9213, ds: 0.9275, ds100: 0.9275, oneCoinDs: 0.925, glad: 0.925, mace: 0.925, zbs: 0.9213, kos: 0.4975, mmsr: 0.8575 },
  sentiment: { mv: 0.932, wawa: 0.951, ds: 0.96, ds100: 0.96, oneCoinDs: 0.949, glad: 0.948, mace: 0.95, zbs: 0.953, kos: 0.933, mmsr: 0.937 },
  web: { mv: 0.7765, wawa: 0.8168, ds: 0.8293, ds100: 0.8281, oneCoinDs: 0.7486, glad: 0.8213, mace: 0.8266, zbs: 0.8262, mmsr: 0.6834 },
  zencrowd: { mv: 0.8363, wawa: 0.8368, ds: 0.801, ds100: 0.7922, oneCoinDs: 0.8598, glad: 0.8309, mace: 0.8069, zbs: 0.8363, kos: 0.8529, mmsr: 0.849 },
  sp: { mv: 0.8896, wawa: 0.895, ds: 0.9152, ds100: 0.915, oneCoinDs: 0.9166, glad: 0.9168, mace: 0.9164, zbs: 0.8946, kos: 0.8192, mmsr: 0.9008 },
  relevance: { mv: 0.5356, wawa: 0.5578, ds: 0.6173, ds100: 0.6155, oneCoinDs: 0.2578, glad: 0.5646, mace: 0.5009, zbs: 0.5563 },
  cifar10n: { mv: 0.9118, wawa: 0.9118, ds: 0.9096, ds100: 0.9094, oneCoinDs: 0.9089, glad: 0.9124, mace: 0.9114, zbs: 0.9118 },
};

/** Crowd-Kit writes integer-looking labels as integers ("007" → "7"); compare in that form. */
export function asCrowdKitLabel(label: string): string {
  return /^[+-]?\d+$/.test(label) ? String(Number(label)) : label;
}
