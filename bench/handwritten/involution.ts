/**
 * The involution model written by hand as a plain Euler loop: a line-by-line port of the plain-Python
 * reference implementation the model was built from (baseline scenario), which is what a modeler
 * would type without stockflow. It stores the 14 stocks and the key indicators of the reference's
 * tables (`INVOLUTION_OUTPUTS`) at every save point (saveper 0.25 = every 8 steps of dt 1/32), each
 * into its own Float64Array. Scenario levers keep their baseline values but stay in the arithmetic.
 */

/** The model file's clock. */
export const INVOLUTION_TIME = { start: 2010, stop: 2035, dt: 1 / 32, saveEvery: 8 } as const

/** What the hand-written loop stores, by the model's display names (stocks first). */
export const INVOLUTION_OUTPUTS = [
  'Healthy Capacity',
  'Zombie Capacity',
  'Capacity Under Construction',
  'Inventory',
  'Price',
  'Firm Net Debt',
  'Local Government Debt',
  'Provinces Prioritising Sector',
  'Trade Barriers',
  'Consumer Confidence',
  'Perceived Margin',
  'Innovation',
  'Expected Demand',
  'Utilisation',
  'Total Capacity',
  'Capacity to World Demand',
  'Capacity Overhang',
  'Inventory Coverage',
  'Cash Margin',
  'Unprofitable Share',
  'Zombie Share',
  'Firm Debt to Revenue',
  'Local Debt Ratio',
  'Exports',
  'Domestic Demand',
] as const

const clip = (x: number, a: number, b: number): number => Math.max(a, Math.min(b, x))
const step = (t: number, t0: number): number => (t >= t0 ? 1 : 0)
const ramp = (t: number, t0: number, t1: number): number => clip((t - t0) / (t1 - t0), 0, 1)
const lgt = (x: number): number => 1 / (1 + Math.exp(-clip(x, -50, 50)))

/** One Float64Array per output, keyed by display name, one value per save point. */
export function involution(): Record<string, Float64Array> {
  const { start, stop, dt, saveEvery } = INVOLUTION_TIME
  const steps = Math.round((stop - start) / dt)
  const rows = Math.floor(steps / saveEvery) + 1
  const out = INVOLUTION_OUTPUTS.map(() => new Float64Array(rows))

  // Parameters (the reference's BASE).
  const t_pol = 2025.0,
    tariff_add = 0.0,
    sub_cut = 0.0,
    CA_set: number | null = null,
    boost0 = 0.0
  const ver_on = 0.0,
    ver_frac = 0.45,
    ver_frac0 = 0.65,
    ver_rent = 0.15,
    k_iso_pol: number | null = null
  const cons0 = 0.0,
    off_rate = 0.0,
    k_iso = 0.5,
    eta_dis = 1.0,
    swap0 = 0.0,
    pol_cut = 0.0
  const DD0 = 25.0,
    DDmax = 220.0,
    g_d = 0.28,
    DF0 = 85.0,
    DFmax = 700.0,
    g_f = 0.17,
    eps_d = 0.3,
    eps_cc = 1.0
  const P_w = 1.5,
    eu_dip = 0.3,
    dstep = 0.0,
    t_step = 2015.0,
    eps_x = 3.0,
    eps_inn = 0.5,
    fx_off = 0.3,
    leak = 0.2
  const cov_n = 0.25,
    tau_min = 0.04,
    u_max = 0.95,
    k_mk = 5.0,
    mk_half = 0.95,
    phi_push = 0.2,
    DSR_h = 0.5
  const tau_obs = 5.0,
    tau_u = 0.25,
    tau_inv = 0.5,
    mk_n = 0.5,
    OH_ref = 1.2,
    s_oh = 1.5
  const c_v = 0.7,
    sig_c = 0.25,
    f_c = 0.05,
    mb = 0.3,
    u_norm = 0.85,
    tau_p = 1.0,
    s_cov = 0.3,
    w_c = 0.5
  const d_disc = 0.1,
    lam_inn = 0.1
  const s_sub0 = 0.06,
    k_c = 0.6,
    tau_life = 10.0,
    tx0 = 0.08,
    k_taxcut = 0.4,
    r0 = 0.04,
    rp = 0.005,
    rd0 = 0.03
  const m_ref = 0.15,
    rho_res = 0.2,
    eq_share = 0.3,
    payout = 0.5,
    tau_div = 1.0,
    tau_am = 5.0,
    mu_z = 1.5
  const theta_g = 0.3,
    f0 = 0.8
  const z_max = 0.25,
    k_z = 2.0,
    rec_max = 0.25,
    x_base = 0.8
  const tau_ed = 1.0,
    g_plan = 0.15,
    tau_h = 2.0,
    s_pp = 2.0,
    tau_kadj = 1.0,
    s_prov = 0.055,
    phi_pol = 1.0
  const tau_build = 1.0,
    theta_lg = 0.3,
    LDR_half = 12.0,
    tau_pp = 1.0
  const N_tot = 34.0,
    p_entry = 0.2,
    q_imit = 2.0
  const B0 = 40.0,
    g_B = 0.065,
    land_drop = 0.2,
    SS0 = 42.0,
    g_SS = 0.065,
    r_lg = 0.04,
    sig_m = 0.25
  const a_pi = 4.0,
    pi_exo = 0.02,
    w_sp = 0.4,
    a_dsr = 0.5,
    DSR_ref = 0.3,
    a_tb = 0.3,
    a_job = 2.0,
    tau_cc = 1.5
  const tau_tb = 1.5,
    k_ad = 0.8,
    tau_inn = 5.0

  // Stocks (the reference's INIT).
  let Kh = 110.0,
    Kz = 5.0,
    KSL = 30.0,
    INV = 25.0,
    P = 1.2,
    FD = 60.0,
    LGD = 50.0
  let NP = 3.0,
    TB = 0.0,
    CC = 1.0,
    PP = 0.12,
    INN = 1.0,
    ED = 100.0,
    U = 0.85

  for (let i = 0; ; i++) {
    const t = start + i * dt
    const pol = step(t, t_pol)
    const rp_ = ramp(t, t_pol, t_pol + 2)
    const s_sub = s_sub0 * (1 - sub_cut * rp_)
    let CA = 1.0 + 0.25 * step(t, 2021.0)
    if (CA_set !== null) CA = CA + (CA_set - CA) * rp_
    const boost = boost0 * ramp(t, t_pol, t_pol + 3)
    const ver = ver_on * pol
    const cons = cons0 * pol
    const off = off_rate * pol
    const K = Kh + Kz
    const Z = Kz / K
    const DDpot = DDmax / (1 + ((DDmax - DD0) / DD0) * Math.exp(-g_d * (t - 2010)))
    const DF =
      (DFmax / (1 + ((DFmax - DF0) / DF0) * Math.exp(-g_f * (t - 2010)))) *
      (1 - eu_dip * (ramp(t, 2011.5, 2012.0) - ramp(t, 2013.0, 2014.0))) *
      (1 + dstep * step(t, t_step))
    const DD = DDpot * Math.pow(P, -eps_d) * Math.pow(CC, eps_cc) * (1 + boost)
    const TBeff = TB * (1 - fx_off) * (1 - leak)
    const A = Math.pow((P * (1 + TBeff)) / P_w, -eps_x) * Math.pow(INN, eps_inn)
    const shx = A / (1 + A)
    const XDu = shx * DF
    const vf = ver_frac0 + (ver_frac - ver_frac0) * ramp(t, t_pol, t_pol + 3)
    const XD = ver > 0 ? Math.min(XDu, vf * DF) : XDu
    const rent = ver_rent * ver * (XDu > XD ? 1 : 0)
    const D = DD + XD
    const Sales = D * Math.min(1.0, INV / (tau_min * D))
    const R = P * Sales * (1 + (rent * XD) / D)
    const r_f = r0 / CA + rp * Math.max(0.0, FD / R - 1.0)
    const INT = r_f * Math.max(0.0, FD)
    const DSR = Math.max(0.0, (INT + Math.max(0.0, FD) / tau_am) / R)
    const FS = DSR / (DSR + DSR_h)
    const markup = (P * (1 + s_sub)) / c_v
    const u_ceil = u_max * lgt(k_mk * (markup - mk_half))
    const Qd = Math.max(0.0, D + INV / tau_obs + (cov_n * D - INV) / tau_inv)
    const u_mkt = Math.min(Qd / K, u_ceil)
    const u_ind = u_mkt + (u_max - u_mkt) * phi_push * FS
    const u = U
    const Q = u * K
    const SUB = s_sub * R
    const cveff = c_v * (1 - sig_c * (1 - u / u_max))
    const VC = cveff * Q
    const FC = f_c * (mb * K + ((1 - mb) * Q) / u_norm)
    const kiso = k_iso_pol === null || t < t_pol ? k_iso : k_iso + (k_iso_pol - k_iso) * rp_
    const campaign = 0.2 * step(t, 2015.25) + 0.3 * step(t, 2021.0)
    const TP = (1 + kiso * TB) * (1 + campaign) * (1 - pol_cut * rp_)
    const TAX = tx0 * (1 - k_taxcut * clip(TP - 1, 0, 1)) * R
    const rd_frac = rd0 * (0.5 + 0.5 * clip(PP / m_ref, 0, 2))
    const RD = rd_frac * R
    const EBITDA = R + SUB - VC - FC - TAX - RD
    const DEP = (k_c * K) / tau_life
    const m = (EBITDA - INT) / R
    const mnet = (EBITDA - INT - DEP) / R
    const ICR = INT > 1e-6 ? EBITDA / INT : 1e6
    const forb = Math.min(0.95, f0 * Math.pow(CA, 0.3))
    const RS = rho_res * forb * Math.max(0.0, INT - EBITDA)
    const zombify = Kh * z_max * lgt(-k_z * (ICR - 1))
    const recover = Kz * rec_max * lgt(k_z * (ICR - 2))
    const zexit_b = Kz * (x_base * (1 - forb) + cons)
    const zexit = Kz / tau_life + zexit_b
    const hret = Kh / tau_life
    const offsh = Kh * off
    const KC = KSL / tau_build
    const LGR = TAX + B0 * Math.exp(g_B * (t - 2010)) * (1 - land_drop * ramp(t, 2021.5, 2023.5))
    const LDR = LGD / LGR
    const FH = 1 / (1 + Math.pow(LDR / LDR_half, 2))
    const Kmkt = ((ED * (1 + g_plan * tau_h)) / u_norm) * Math.exp(s_pp * (PP - m_ref))
    const Kpol = NP * s_prov * ED * TP
    const polgap = phi_pol * FH * Math.max(0.0, Kpol - Kmkt)
    const Kstar = Kmkt + polgap
    const KS = CA * Math.max(0.0, K / tau_life + (Kstar - K - KSL) / tau_kadj)
    const polshare = polgap / Kstar
    const CAPEX = k_c * KS
    const CAPEX_LG = theta_lg * polshare * CAPEX * (s_sub0 > 0 ? s_sub / s_sub0 : 0) + 0.0
    const WO = (mu_z * Math.max(0.0, FD) * zexit_b) / K
    const SS = SS0 * Math.exp(g_SS * (t - 2010))
    const LGINT = r_lg * LGD
    const swap = swap0 * pol * LGD
    const DIV = payout * Math.max(0.0, EBITDA - INT - DEP) + Math.max(0.0, -FD) / tau_div
    const dFD = CAPEX * (1 - eq_share) - CAPEX_LG + INT - EBITDA - RS - WO + DIV
    const dLGD = SUB + RS + CAPEX_LG + SS + LGINT + theta_g * WO - LGR - swap
    const dNP =
      (N_tot - NP) *
        (p_entry * step(t, 2010.5) * TP + (q_imit * NP) / N_tot) *
        (1 - pol_cut * rp_) *
        (1 - cons / (cons + 0.1)) -
      NP * cons
    const hist = 0.1 * step(t, 2012.75) + 0.1 * step(t, 2018.5) + 0.15 * step(t, 2024.5)
    const TBind = hist + tariff_add * step(t, t_pol) + k_ad * Math.max(0.0, (P_w - P) / P_w) * shx * (1 - 0.7 * ver)
    const COV = INV / Sales
    const canchor = c_v * (1 - s_sub) * (1 + mk_n * Math.pow(K / D / OH_ref, -s_oh)) * Math.pow(INN, lam_inn)
    const Pind = P * Math.pow(COV / cov_n, -s_cov) * Math.pow(canchor / P, w_c) * (1 - d_disc * FS)
    const dP = (Pind - P) / tau_p
    const pi = pi_exo + (w_sp * dP) / P
    const JL = (zexit_b + offsh) / K
    const CCind = clip(
      1 + a_pi * (pi - pi_exo) - a_dsr * Math.max(0.0, DSR - DSR_ref) - a_tb * TB - a_job * JL,
      0.3,
      1.5,
    )
    const dINN = ((rd_frac / rd0) * eta_dis - INN) / tau_inn

    if (i % saveEvery === 0) {
      const r = i / saveEvery
      out[0]![r] = Kh
      out[1]![r] = Kz
      out[2]![r] = KSL
      out[3]![r] = INV
      out[4]![r] = P
      out[5]![r] = FD
      out[6]![r] = LGD
      out[7]![r] = NP
      out[8]![r] = TB
      out[9]![r] = CC
      out[10]![r] = PP
      out[11]![r] = INN
      out[12]![r] = ED
      out[13]![r] = U
      out[14]![r] = K
      out[15]![r] = K / (DDpot + DF)
      out[16]![r] = K / D
      out[17]![r] = COV
      out[18]![r] = m
      out[19]![r] = lgt((-1.7 * mnet) / sig_m)
      out[20]![r] = Z
      out[21]![r] = FD / R
      out[22]![r] = LDR
      out[23]![r] = XD
      out[24]![r] = DD
    }
    if (i === steps) break

    Kh += dt * (KC + recover - zombify - hret - offsh)
    Kz += dt * (zombify - recover - zexit)
    KSL += dt * (KS - KC)
    INV += dt * (Q - Sales - INV / tau_obs)
    P += dt * dP
    FD += dt * dFD
    LGD += dt * dLGD
    NP += dt * dNP
    TB += dt * ((TBind - TB) / tau_tb)
    CC += dt * ((CCind - CC) / tau_cc)
    PP += dt * ((m - PP) / tau_pp)
    INN += dt * dINN
    ED += dt * ((D - ED) / tau_ed)
    U += dt * ((u_ind - U) / tau_u)
  }
  const result: Record<string, Float64Array> = {}
  INVOLUTION_OUTPUTS.forEach((name, j) => (result[name] = out[j]!))
  return result
}
