// `@pkl-stream/core/opcodes`: the opcode table as data (pickletools' `opcodes`), for tools that
// read or write opcodes themselves.
export {
  ARG_KINDS,
  lengthPrefixBytes,
  TAKEN_FROM_ARGUMENT1,
  TAKEN_FROM_ARGUMENT4,
  TAKEN_FROM_ARGUMENT4U,
  TAKEN_FROM_ARGUMENT8U,
  TWO_NEWLINES,
  UP_TO_NEWLINE,
} from "./arg-kinds.js";
export type { ArgKind, ArgKindName, ArgSize } from "./arg-kinds.js";
export { STACK_KINDS } from "./stack-kinds.js";
export type { StackKind } from "./stack-kinds.js";
export { ARG_SIZE, NOT_AN_OPCODE, OPCODES, describeOpcode, opcodeByCode, opcodeByName, opcodeLabel } from "./table.js";
/** Opcode bytes as constants (`OP.SETITEMS === 0x75`), for code that switches on them. */
export * as OP from "./codes.js";
export type { OpcodeInfo, OpcodeName } from "./table.js";
