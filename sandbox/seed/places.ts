import { hash32 } from './random.js';

// Approximate centre (latitude, longitude) of each department and a radius in km within which
// generated places stay inside it. Hand-made for the simulator: the official geography package
// carries no coordinates.
const CENTRES: Record<string, [number, number, number]> = {
  '01': [46.07, 5.35, 18],
  '02': [49.56, 3.56, 20],
  '03': [46.39, 3.19, 20],
  '04': [44.1, 6.24, 18],
  '05': [44.66, 6.26, 16],
  '06': [43.94, 7.12, 14],
  '07': [44.75, 4.42, 16],
  '08': [49.62, 4.64, 16],
  '09': [42.92, 1.5, 15],
  '10': [48.3, 4.16, 18],
  '11': [43.1, 2.41, 18],
  '12': [44.28, 2.68, 22],
  '13': [43.54, 5.09, 14],
  '14': [49.1, -0.36, 16],
  '15': [45.05, 2.67, 16],
  '16': [45.72, 0.2, 18],
  '17': [45.78, -0.67, 18],
  '18': [47.06, 2.49, 20],
  '19': [45.36, 1.88, 16],
  '2A': [41.86, 8.99, 12],
  '2B': [42.39, 9.21, 14],
  '21': [47.42, 4.77, 22],
  '22': [48.44, -2.86, 18],
  '23': [46.09, 2.02, 16],
  '24': [45.1, 0.74, 22],
  '25': [47.17, 6.36, 16],
  '26': [44.68, 5.17, 16],
  '27': [49.11, 1.0, 18],
  '28': [48.39, 1.37, 18],
  '29': [48.26, -4.06, 16],
  '30': [43.99, 4.18, 18],
  '31': [43.36, 1.17, 18],
  '32': [43.69, 0.45, 18],
  '33': [44.83, -0.58, 22],
  '34': [43.58, 3.37, 16],
  '35': [48.15, -1.64, 18],
  '36': [46.78, 1.58, 20],
  '37': [47.26, 0.69, 18],
  '38': [45.26, 5.58, 20],
  '39': [46.73, 5.7, 16],
  '40': [43.97, -0.78, 22],
  '41': [47.62, 1.43, 20],
  '42': [45.73, 4.17, 16],
  '43': [45.13, 3.81, 16],
  '44': [47.36, -1.68, 18],
  '45': [47.91, 2.34, 20],
  '46': [44.62, 1.6, 16],
  '47': [44.37, 0.46, 18],
  '48': [44.52, 3.5, 16],
  '49': [47.39, -0.56, 20],
  '50': [49.08, -1.33, 14],
  '51': [48.95, 4.24, 22],
  '52': [48.11, 5.23, 18],
  '53': [48.15, -0.65, 16],
  '54': [48.75, 6.15, 12],
  '55': [48.99, 5.38, 16],
  '56': [47.85, -2.81, 18],
  '57': [49.04, 6.66, 18],
  '58': [47.12, 3.5, 20],
  '59': [50.55, 3.15, 12],
  '60': [49.41, 2.43, 18],
  '61': [48.62, 0.13, 18],
  '62': [50.49, 2.29, 18],
  '63': [45.73, 3.14, 22],
  '64': [43.26, -0.76, 18],
  '65': [43.05, 0.16, 14],
  '66': [42.6, 2.52, 14],
  '67': [48.67, 7.55, 16],
  '68': [47.86, 7.27, 14],
  '69': [45.87, 4.64, 12],
  '70': [47.64, 6.09, 18],
  '71': [46.64, 4.54, 22],
  '72': [47.99, 0.22, 20],
  '73': [45.48, 6.44, 18],
  '74': [46.03, 6.43, 16],
  '75': [48.857, 2.347, 3],
  '76': [49.66, 1.03, 18],
  '77': [48.63, 2.94, 20],
  '78': [48.81, 1.84, 12],
  '79': [46.56, -0.32, 18],
  '80': [49.96, 2.28, 20],
  '81': [43.79, 2.16, 18],
  '82': [44.08, 1.28, 14],
  '83': [43.46, 6.22, 18],
  '84': [44.01, 5.18, 14],
  '85': [46.67, -1.3, 18],
  '86': [46.56, 0.46, 20],
  '87': [45.89, 1.24, 18],
  '88': [48.2, 6.38, 18],
  '89': [47.84, 3.56, 20],
  '90': [47.63, 6.92, 6],
  '91': [48.52, 2.24, 8],
  '92': [48.85, 2.24, 3],
  '93': [48.91, 2.47, 4],
  '94': [48.78, 2.47, 4],
  '95': [49.07, 2.17, 8],
  '971': [16.18, -61.6, 6],
  '972': [14.65, -61.02, 6],
  '973': [4.6, -52.6, 25],
  '974': [-21.13, 55.53, 12],
  '976': [-12.82, 45.15, 4],
  '975': [46.78, -56.18, 2],
  '977': [17.9, -62.83, 2],
  '978': [18.07, -63.06, 2],
  '984': [-49.35, 70.22, 2],
  '986': [-13.28, -176.18, 2],
  '987': [-17.53, -149.57, 3],
  '988': [-22.27, 166.45, 3],
  '989': [10.3, -109.22, 1],
};

export interface Point {
  latitude: number;
  longitude: number;
}

/** A point at most `radiusKm` from `centre`, chosen by `key`. */
export function pointNear(centre: Point, radiusKm: number, key: string): Point {
  const angle = (hash32(`${key}:angle`) / 4294967296) * 2 * Math.PI;
  // Square root keeps the points uniform over the disc rather than crowded at its centre.
  const distance = radiusKm * Math.sqrt(hash32(`${key}:distance`) / 4294967296);
  const latitude = centre.latitude + (distance / 111.32) * Math.cos(angle);
  const longitude = centre.longitude + (distance / (111.32 * Math.cos((centre.latitude * Math.PI) / 180))) * Math.sin(angle);
  return { latitude: round6(latitude), longitude: round6(longitude) };
}

/** The simulator's centre of a commune: a fixed point inside its department. */
export function communeCentre(communeCode: string, departmentCode: string): Point {
  const [latitude, longitude, radiusKm] = CENTRES[departmentCode] ?? [46.6, 2.4, 200];
  return pointNear({ latitude, longitude }, radiusKm, `commune:${communeCode}`);
}

/** Geodesic distance in km (haversine on a spherical Earth, as PostGIS geography is close to). */
export function distanceKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
