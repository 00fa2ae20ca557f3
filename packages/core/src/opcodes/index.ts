// `@pkl-stream/core/opcodes`: the opcode table as data (pickletools' `opcodes`), for tools that
// read or write opcodes themselves.
export { ARG_KINDS } from "./arg-kinds.js";
export type { ArgKind, ArgKindName } from "./arg-kinds.js";
export { STACK_KINDS } from "./stack-kinds.js";
export type { StackKind } from "./stack-kinds.js";
export { OPCODES, describeOpcode, opcodeByCode, opcodeByName, opcodeLabel } from "./table.js";
/** Opcode bytes as constants (`OP.SETITEMS === 0x75`), for code that switches on them. */
export * as OP from "./codes.js";
export type { OpcodeInfo, OpcodeName } from "./table.js";
