import { defineTableau } from './tableau.js';

/** Propagated (eighth-order) weights. */
const B = [
  14005451 / 335480064,
  0,
  0,
  0,
  0,
  -59238493 / 1068277825,
  181606767 / 758867731,
  561292985 / 797845732,
  -1041891430 / 1371343529,
  760417239 / 1151165299,
  118820643 / 751138087,
  -528747749 / 2220607170,
  1 / 4,
] as const;

/** Embedded (seventh-order) weights b̂. */
const B_HAT = [
  13451932 / 455176623,
  0,
  0,
  0,
  0,
  -808719846 / 976000145,
  1757004468 / 5645159321,
  656045339 / 265891186,
  -3867574721 / 1518517206,
  465885868 / 322736535,
  53011238 / 667516719,
  2 / 45,
  0,
] as const;

/**
 * Dense-output polynomials: the weight of h·kᵢ at θ is θ·pᵢ(θ), pᵢ(θ) = Σⱼ Pᵢⱼ·θ^(5 − j) (coefficients from the
 * highest power down), for the 13 stages and, last, f(t1, y1). Stages 2–5 have weight 0. Bogacki & Shampine's
 * continuous extension of this pair, as tabulated (20 digits) by diffrax, rounded to float64.
 */
const P: readonly (readonly number[])[] = [
  [-6.34483493928604, 22.139650499809406, -30.061056828966645, 19.999006933368396, -6.6910181737837595, 1],
  [0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0],
  [0, 0, 0, 0, 0, 0],
  [-39.61079198522025, 116.44221495503422, -121.49996277313346, 52.227353279294555, -7.6142658045872675, 0],
  [20.376121380879145, -67.14513188259572, 83.17210046398478, -46.89191641810936, 10.728139263042886, 0],
  [7.334709882679536, -16.56722435274965, 9.572450755599366, -0.18908932250105956, 0.5526637063753649, 0],
  [32.88017743524592, -89.9916014847245, 87.84060576772056, -35.70759759462221, 4.218656262566515, 0],
  [-10.158899052642676, 22.623748964853284, -17.415210777076297, 6.273644808324035, -0.6627209125361597, 0],
  [-12.540126809878256, 32.23623401673554, -28.590328951479098, 10.316088127245076, -1.2636789001135462, 0],
  [29.555300148451604, -82.10203154883598, 81.66309505843414, -34.76507698666118, 5.410603789859042, 0],
  [-41.79234864243906, 116.26621857911195, -114.93752913770093, 47.745797107822554, -7.032137906794574, 0],
  [20.300692582210083, -53.90207774663854, 50.255836422617605, -19.008209934160803, 2.3537586759714983, 0],
];

/**
 * The Dormand–Prince RK8(7)13M pair: an adaptive eighth-order method for tight tolerances.
 *
 * @remarks
 * Order 8, 13 stages, not FSAL (an accepted step costs 12 new field evaluations plus f(t1, y1) for the next step's
 * first stage). The error estimate is the difference to the embedded seventh-order solution (errorOrder 7); the step
 * propagates the eighth-order solution. This is the method torchdiffeq calls `dopri8` (and GSL `rk8pd`), not Hairer's
 * DOP853. The published coefficients are rational approximations of the exact ones; they satisfy the order conditions
 * to about 1e-17.
 *
 * Dense output is Bogacki & Shampine's continuous extension: degree-6 polynomials in θ over the 13 stages and
 * f(t1, y1) (which the next step needs anyway), so interpolating costs no extra evaluation. It is fifth order (it
 * meets every order condition of the continuous method through order 5), so its local error is O(h⁶) against the
 * step's O(h⁹): at tight tolerances, pass every time of interest in `ts` when it must be as accurate as the steps.
 *
 * @example
 * ```ts
 * const ys = await odeint(f, y0, ts, { method: 'dopri8', rtol: 1e-10, atol: 1e-12 });
 * ```
 * @see Prince & Dormand, High order embedded Runge–Kutta formulae, J. Comput. Appl. Math. 7 (1981) 67–75.
 * @see Bogacki & Shampine, Interpolating high-order Runge–Kutta formulas, Comput. Math. Appl. 20 (1990) 15–24.
 */
export const dopri8 = defineTableau({
  name: 'dopri8',
  order: 8,
  errorOrder: 7,
  c: [
    0,
    1 / 18,
    1 / 12,
    1 / 8,
    5 / 16,
    3 / 8,
    59 / 400,
    93 / 200,
    5490023248 / 9719169821,
    13 / 20,
    1201146811 / 1299019798,
    1,
    1,
  ],
  a: [
    [],
    [1 / 18],
    [1 / 48, 1 / 16],
    [1 / 32, 0, 3 / 32],
    [5 / 16, 0, -75 / 64, 75 / 64],
    [3 / 80, 0, 0, 3 / 16, 3 / 20],
    [29443841 / 614563906, 0, 0, 77736538 / 692538347, -28693883 / 1125000000, 23124283 / 1800000000],
    [
      16016141 / 946692911,
      0,
      0,
      61564180 / 158732637,
      22789713 / 633445777,
      545815736 / 2771057229,
      -180193667 / 1043307555,
    ],
    [
      39632708 / 573591083,
      0,
      0,
      -433636366 / 683701615,
      -421739975 / 2616292301,
      100302831 / 723423059,
      790204164 / 839813087,
      800635310 / 3783071287,
    ],
    [
      246121993 / 1340847787,
      0,
      0,
      -37695042795 / 15268766246,
      -309121744 / 1061227803,
      -12992083 / 490766935,
      6005943493 / 2108947869,
      393006217 / 1396673457,
      123872331 / 1001029789,
    ],
    [
      -1028468189 / 846180014,
      0,
      0,
      8478235783 / 508512852,
      1311729495 / 1432422823,
      -10304129995 / 1701304382,
      -48777925059 / 3047939560,
      15336726248 / 1032824649,
      -45442868181 / 3398467696,
      3065993473 / 597172653,
    ],
    [
      185892177 / 718116043,
      0,
      0,
      -3185094517 / 667107341,
      -477755414 / 1098053517,
      -703635378 / 230739211,
      5731566787 / 1027545527,
      5232866602 / 850066563,
      -4093664535 / 808688257,
      3962137247 / 1805957418,
      65686358 / 487910083,
    ],
    [
      403863854 / 491063109,
      0,
      0,
      -5068492393 / 434740067,
      -411421997 / 543043805,
      652783627 / 914296604,
      11173962825 / 925320556,
      -13158990841 / 6184727034,
      3936647629 / 1978049680,
      -160528059 / 685178525,
      248638103 / 1413531060,
      0,
    ],
  ],
  b: B,
  bError: B.map((b, i) => b - (B_HAT[i] as number)),
  fsal: false,
  interpolant: (theta) => ({
    y1Weight: 0,
    stageWeights: P.map((row) => theta * row.reduce((value, coefficient) => value * theta + coefficient, 0)),
  }),
});
