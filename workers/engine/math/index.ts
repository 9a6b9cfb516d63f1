/** Engine-portable math: transcendental functions with the same bits in every JS engine. */
export { exp, log, log1p } from './fdlibm';
