/**
 * The teacup seed (seeds/teacup/model.ts) written by hand as a plain Euler loop: what a modeler would
 * type without stockflow. Like `simulate`, it stores every variable at every save point (saveper = dt)
 * into its own Float64Array.
 */

export interface TeacupParams {
  readonly roomTemperature: number
  readonly characteristicTime: number
  readonly initialTemperature: number
}

/** The model file's clock and values. */
export const TEACUP_TIME = { start: 0, stop: 30, dt: 0.125 } as const
export const TEACUP_PARAMS: TeacupParams = { roomTemperature: 70, characteristicTime: 10, initialTemperature: 180 }

/** One Float64Array per variable, keyed by display name, one value per save point. */
export function teacup(p: TeacupParams = TEACUP_PARAMS): Record<string, Float64Array> {
  const { start, stop, dt } = TEACUP_TIME
  const steps = Math.floor((stop - start) / dt + 1e-9)
  const rows = steps + 1
  const room = p.roomTemperature
  const tau = p.characteristicTime
  const temperatureOut = new Float64Array(rows)
  const heatLossOut = new Float64Array(rows)
  const roomOut = new Float64Array(rows)
  const tauOut = new Float64Array(rows)

  let temperature = p.initialTemperature
  for (let i = 0; ; i++) {
    const heatLoss = (temperature - room) / tau
    temperatureOut[i] = temperature
    heatLossOut[i] = heatLoss
    roomOut[i] = room
    tauOut[i] = tau
    if (i === steps) break
    temperature -= dt * heatLoss
  }
  return {
    'Teacup Temperature': temperatureOut,
    'Heat Loss to Room': heatLossOut,
    'Room Temperature': roomOut,
    'Characteristic Time': tauOut,
  }
}
