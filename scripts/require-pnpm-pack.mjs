// The prepack script of the packages that depend on workspace packages (`"workspace:*"`).
// `pnpm pack` replaces those ranges with the versions it packs; `npm pack` copies them as they
// are, and the tarball then fails to install anywhere ("Unsupported URL Type workspace:"). So
// packing is refused unless pnpm runs it, with the command that works.
// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by the package manager running prepack, no turbo input
const agent = process.env.npm_config_user_agent ?? "";
if (!agent.startsWith("pnpm/")) {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: set by the package manager running prepack
  const name = process.env.npm_package_name ?? "this package";
  process.stderr.write(
    `${name}: pack it with pnpm, not ${agent.split(" ")[0] || "this tool"}: its package.json names workspace packages ` +
      '("workspace:*"), which only pnpm pack turns into versions. Run: npx -y pnpm@10 pack ' +
      "(after npx -y pnpm@10 build); see the package README, section Install.\n",
  );
  process.exit(1);
}
