/** A problem of one input, said in one line: it ends that input, what was read is kept. */
export class InputProblem extends Error {}
