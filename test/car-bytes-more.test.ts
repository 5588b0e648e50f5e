/** The CAR bytes of the second group of trees: see test/support/car-bytes.ts. */
import { pinCarBytes } from './support/car-bytes.js'

pinCarBytes(1)
