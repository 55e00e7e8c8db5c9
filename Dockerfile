# standin: node 20 slim, non-root, nothing written at run time (works with --read-only).
#   docker build -t standin .
#   docker run --rm -p 8080:8080 --read-only standin
# The image's files are built by scripts/image-root.sh, which CI also runs and starts
# (test/package/image-root.test.ts), so these steps cannot rot unseen where Docker cannot run.
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY public ./public
COPY scripts/image-root.sh ./scripts/
RUN scripts/image-root.sh /app

FROM node:20-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080
WORKDIR /app
COPY --from=build /app ./
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/cli/main.js", "serve"]
