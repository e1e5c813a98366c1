import "../../../../packages/core/src/user/index.ts";
