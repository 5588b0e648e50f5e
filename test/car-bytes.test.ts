/** The CAR bytes of the first group of trees: see test/support/car-bytes.ts. */
import { pinCarBytes } from './support/car-bytes.js'

pinCarBytes(0)
