// Short names for the generated schema types the pages use.
import type { components } from './schema.gen';

type S = components['schemas'];
export type Deployment = S['Deployment'];
export type Push = S['Push'];
export type PushStage = S['PushStage'];
export type PushStatus = S['PushStatus'];
export type StageStatus = S['StageStatus'];
export type LogLine = S['LogLine'];
export type LogPage = S['LogPage'];
export type Flag = S['Flag'];
export type Setting = S['Setting'];
export type Stage = S['Stage'];
export type Permission = S['Permission'];
export type Access = S['Access'];
export type DeploymentStats = S['DeploymentStats'];
export type Tag = S['Tag'];
export type Level = S['Level'];
export type Me = S['Me'];
export type SignedIn = S['SignedIn'];
export type NewPush = S['NewPush'];
export type Category = S['Category'];
export type Application = S['Application'];
export type ErrorBody = S['ErrorBody'];
