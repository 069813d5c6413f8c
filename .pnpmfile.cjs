// better-sqlite3 compiles with node-gyp, which would try to download Node's
// headers. Point it at the headers of the running Node when they are present.
const fs = require('node:fs');
const path = require('node:path');

module.exports = {
  hooks: {
    updateConfig(config) {
      const prefix = path.resolve(path.dirname(process.execPath), '..');
      if (fs.existsSync(path.join(prefix, 'include', 'node', 'node_version.h'))) {
        config.extraEnv = { ...(config.extraEnv ?? {}), npm_config_nodedir: prefix };
      }
      return config;
    },
  },
};
