// `hyperfleet deploy get`: the version being served and every version promoted so far.
import type { Command } from 'commander';
import { deploymentDetails } from '../present/deploy-view.js';
import type { Act } from '../program.js';

export function registerDeployCommands(program: Command, act: Act): void {
  const deploy = program.command('deploy').description('inspect the deployed model');

  deploy
    .command('get')
    .description('show the current version and all versions, newest first')
    .action(
      act(async ({ ctx }) => {
        const deployment = await ctx.deploy.getDeployment();
        if (ctx.out.json) ctx.out.document(deployment);
        else ctx.out.lines(deploymentDetails(deployment));
      }),
    );
}
