// `npm run bench [section ...]`: every benchmark section, or the ones named.

// the sections import src modules directly: chains in worker_threads as the Node entry has them
import "../src/platform/node/install.js";

const sections: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  linalg: () => import("./linalg.js"),
  random: () => import("./random.js"),
  gaussian: () => import("./reference-models.js"),
  families: () => import("./families.js"),
  parallel: () => import("./parallel.js"),
  scale: () => import("./scale.js"),
  animal: () => import("./scale-animal.js"),
  table: () => import("./table.js"),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(sections);
  for (const name of names) {
    const load = sections[name];
    if (!load) throw new Error(`unknown bench section "${name}"; sections: ${Object.keys(sections).join(", ")}`);
    console.log(`\n# ${name}`);
    const mod = await load();
    await mod.run();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
